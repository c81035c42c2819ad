import { anonymise } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { liveAccount } from './current-user.js';
import { emitEvents } from './emit-events.js';

/**
 * GDPR erasure: the account is anonymised, every session revoked, UserDeleted tells the replicas
 * to forget the person, and the audit trail keeps that it happened.
 */
export function eraseUser(
  deps: Pick<UserDeps, 'transactions' | 'outbox'>,
  userId: string,
  ctx: RequestContext,
): Promise<void> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const decision = anonymise(liveAccount(await users.findById(userId)));
    if (!decision.ok) throw decision.error;
    const now = new Date();
    await users.anonymise(userId, decision.value.tombstone);
    await refreshTokenStore(tx).revokeAllOf(userId, now);
    await auditLog(tx).append({
      action: 'user.erased',
      actorId: userId,
      targetUserId: userId,
      requestId: ctx.requestId,
      details: {},
    });
    await emitEvents(tx, deps.outbox, decision.value.events);
  });
}
