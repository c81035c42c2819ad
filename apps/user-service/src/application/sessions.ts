import { randomUUID } from 'node:crypto';
import type { UserHttp } from '@shop/contracts';
import type { Sql } from '@shop/persistence';
import { ACCESS_TOKEN_TTL_SECONDS } from '../domain/access-token.js';
import { refreshExpiry } from '../domain/refresh-token.js';
import type { User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';

/** Issues the next refresh token of a family (a new family per login); returns the secret, stores its digest. */
export async function issueRefreshToken(
  deps: Pick<UserDeps, 'refreshSecrets'>,
  tx: Sql,
  userId: string,
  now: Date,
  familyId: string = randomUUID(),
): Promise<string> {
  const secret = deps.refreshSecrets.create();
  const tokenHash = deps.refreshSecrets.digest(secret);
  await refreshTokenStore(tx).issue({ userId, familyId, tokenHash, expiresAt: refreshExpiry(now) });
  return secret;
}

export const tokenResponse = (
  deps: Pick<UserDeps, 'issueAccessToken'>,
  user: User,
  refreshToken: string,
): UserHttp.TokenResponse => ({
  access_token: deps.issueAccessToken(user),
  token_type: 'Bearer',
  expires_in: ACCESS_TOKEN_TTL_SECONDS,
  refresh_token: refreshToken,
});
