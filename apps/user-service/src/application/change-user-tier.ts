import { changeTier, type Tier, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { applyAccountChange } from './admin-account-change.js';

/**
 * An admin moves an account to another tier: audited like a role change. The new tier rides in
 * the next access token.
 */
export function changeUserTier(
  deps: Pick<UserDeps, 'transactions' | 'outbox'>,
  actorId: string,
  userId: string,
  tier: Tier,
  ctx: RequestContext,
): Promise<User> {
  return applyAccountChange(
    deps,
    actorId,
    userId,
    {
      action: 'tier.changed',
      to: tier,
      from: (target) => target.tier,
      decide: (target) => changeTier(target, tier),
      write: (users) => users.setTier(userId, tier),
    },
    ctx,
  );
}
