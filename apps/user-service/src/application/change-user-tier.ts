import { DomainError } from '@shop/contracts';
import { changeTier, type Tier, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { userRepository } from '../persistence/user.repository.js';

/**
 * An admin moves an account to another tier: audited like a role change. The new tier rides in
 * the next access token.
 */
export function changeUserTier(
  deps: Pick<UserDeps, 'transactions'>,
  actorId: string,
  userId: string,
  tier: Tier,
  ctx: RequestContext,
): Promise<User> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const target = await users.findById(userId);
    if (!target) throw new DomainError('NOT_FOUND', `User ${userId} not found`);
    const decision = changeTier(target, tier);
    if (!decision.ok) throw decision.error;
    if (!decision.value.changed) return target;
    const updated = await users.setTier(userId, tier);
    await auditLog(tx).append({
      action: 'tier.changed',
      actorId,
      targetUserId: userId,
      requestId: ctx.requestId,
      details: { from: target.tier, to: tier },
    });
    return updated;
  });
}
