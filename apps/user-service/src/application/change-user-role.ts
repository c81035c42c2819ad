import { DomainError } from '@shop/contracts';
import { changeRole, type Role, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { emitEvents } from './emit-events.js';

/** An admin grants a role: audited, and announced (UserUpdated) in the same transaction. */
export function changeUserRole(
  deps: Pick<UserDeps, 'transactions' | 'outbox'>,
  actorId: string,
  userId: string,
  role: Role,
  ctx: RequestContext,
): Promise<User> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const target = await users.findById(userId);
    if (!target) throw new DomainError('NOT_FOUND', `User ${userId} not found`);
    const decision = changeRole(actorId, target, role);
    if (!decision.ok) throw decision.error;
    if (!decision.value.changed) return target;
    const updated = await users.setRole(userId, role);
    await auditLog(tx).append({
      action: 'role.changed',
      actorId,
      targetUserId: userId,
      requestId: ctx.requestId,
      details: { from: target.role, to: role },
    });
    await emitEvents(tx, deps.outbox, decision.value.events);
    return updated;
  });
}
