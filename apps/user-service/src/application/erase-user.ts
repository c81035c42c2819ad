import { DomainError } from '@shop/contracts';
import { anonymise } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { liveAccount } from './current-user.js';
import { emitEvents } from './emit-events.js';

/**
 * GDPR erasure: the account is anonymised, every session and access token revoked (the tokens last,
 * before the commit: if that cannot be recorded nothing is erased), UserDeleted tells the replicas
 * to forget the person, and the audit trail keeps that it happened. It asks for the current
 * password, so an access token alone (stolen, or left signed in) cannot erase the account; the
 * row stays locked from that check to the tombstone, so no profile change slips in between.
 */
export function eraseUser(
  deps: Pick<UserDeps, 'transactions' | 'outbox' | 'passwords' | 'revocations'>,
  userId: string,
  password: string,
  ctx: RequestContext,
): Promise<void> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const locked = await users.lockById(userId);
    const account = liveAccount(locked?.user ?? null);
    if (!(await deps.passwords.verify(locked?.passwordHash ?? null, password))) {
      throw new DomainError('UNAUTHORIZED', 'The password is not correct; the account was not erased');
    }
    const decision = anonymise(account);
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
    await deps.revocations.revokeIssuedUntil(userId, new Date());
  });
}
