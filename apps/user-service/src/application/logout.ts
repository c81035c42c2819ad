import type { UserDeps } from '../deps.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';

/**
 * Ends the session the refresh token belongs to (its whole family). Idempotent and silent: an
 * unknown or already revoked token answers the same, so logout reveals nothing about tokens.
 */
export async function logout(deps: Pick<UserDeps, 'sql' | 'refreshSecrets'>, secret: string): Promise<void> {
  const tokens = refreshTokenStore(deps.sql);
  const stored = await tokens.findByHash(deps.refreshSecrets.digest(secret));
  if (stored) await tokens.revokeFamily(stored.familyId, new Date());
}
