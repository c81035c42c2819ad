import { DomainError, type UserHttp } from '@shop/contracts';
import { decideRefresh } from '../domain/refresh-token.js';
import { canSignIn, type User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { issueRefreshToken, tokenResponse } from './sessions.js';

type Outcome = { ok: true; user: User; refreshToken: string } | { ok: false; reuse: boolean };

/**
 * Spends the presented refresh token and issues the next of its family. A token already spent
 * revokes the family — committed before the 401, so the revocation survives the refusal.
 */
export async function refresh(
  deps: Pick<UserDeps, 'transactions' | 'refreshSecrets' | 'issueAccessToken'>,
  secret: string,
): Promise<UserHttp.TokenResponse> {
  const now = new Date();
  const outcome = await deps.transactions(async (tx): Promise<Outcome> => {
    const tokens = refreshTokenStore(tx);
    const stored = await tokens.findByHash(deps.refreshSecrets.digest(secret));
    let decision = decideRefresh(stored, now);
    // Lost a race with another use of the same token: that is a reuse as well.
    if (decision.kind === 'rotate' && stored && !(await tokens.spend(stored.tokenId, now))) {
      decision = { kind: 'reuse', familyId: stored.familyId };
    }
    if (decision.kind === 'reuse') {
      await tokens.revokeFamily(decision.familyId, now);
      return { ok: false, reuse: true };
    }
    if (decision.kind === 'reject') return { ok: false, reuse: false };
    const user = await userRepository(tx).findById(decision.userId);
    if (!user || !canSignIn(user)) {
      await tokens.revokeFamily(decision.familyId, now);
      return { ok: false, reuse: false };
    }
    return { ok: true, user, refreshToken: await issueRefreshToken(deps, tx, user.userId, now, decision.familyId) };
  });
  if (!outcome.ok) {
    const message = outcome.reuse
      ? 'Refresh token already used; the session has been revoked'
      : 'Invalid or expired refresh token';
    throw new DomainError('UNAUTHORIZED', message);
  }
  return tokenResponse(deps, outcome.user, outcome.refreshToken);
}
