import type { UserDeps } from '../deps.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';

/**
 * Signs the caller out everywhere: every refresh-token family revoked and every access token
 * issued so far void on every service, in one transaction (a revocation that cannot be recorded
 * rolls the sessions back too: 503, nothing changed). Idempotent.
 */
export function logoutEverywhere(deps: Pick<UserDeps, 'transactions' | 'revocations'>, userId: string): Promise<void> {
  return deps.transactions(async (tx) => {
    await refreshTokenStore(tx).revokeAllOf(userId, new Date());
    await deps.revocations.revokeIssuedUntil(userId, new Date());
  });
}
