import { DomainError, type Decision } from '@shop/contracts';
import type { User } from '../domain/user.js';
import type { UserRepository } from '../domain/user.port.js';
import type { UserEvent } from '../domain/user-events.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { emitEvents } from './emit-events.js';

/** One admin change to another account's setting: what it is, how it is decided and written. */
export interface AccountChange<V extends string> {
  readonly action: 'role.changed' | 'tier.changed';
  readonly to: V;
  readonly from: (target: User) => V;
  readonly decide: (target: User) => Decision<{ changed: boolean; events?: readonly UserEvent[] }>;
  readonly write: (users: UserRepository) => Promise<User>;
}

/**
 * Loads the account, lets the domain decide, and — only when something changes — writes the new
 * value, audits it (from → to) and emits the decision's events, all in one transaction. The
 * account's older access tokens still carry the old value: they are voided last, before the
 * commit, so a revocation that cannot be recorded rolls the change back (503, nothing changed).
 */
export function applyAccountChange<V extends string>(
  deps: Pick<UserDeps, 'transactions' | 'outbox' | 'revocations'>,
  { actorId, userId, ctx }: { readonly actorId: string; readonly userId: string; readonly ctx: RequestContext },
  change: AccountChange<V>,
): Promise<User> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const target = await users.findById(userId);
    if (!target) throw new DomainError('NOT_FOUND', `User ${userId} not found`);
    const decision = change.decide(target);
    if (!decision.ok) throw decision.error;
    if (!decision.value.changed) return target;
    const updated = await change.write(users);
    await auditLog(tx).append({
      action: change.action,
      actorId,
      targetUserId: userId,
      requestId: ctx.requestId,
      details: { from: change.from(target), to: change.to },
    });
    await emitEvents(tx, deps.outbox, decision.value.events ?? []);
    await deps.revocations.revokeIssuedUntil(userId, new Date());
    return updated;
  });
}
