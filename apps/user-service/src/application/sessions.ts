import { randomUUID } from 'node:crypto';
import type { UserHttp } from '@shop/contracts';
import { refreshExpiry } from '../domain/refresh-token.js';
import type { User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import type { UserDb } from '../persistence/transaction.js';
import { ACCESS_TOKEN_TTL_SECONDS } from '../security/access-tokens.js';
import { hashRefreshSecret, newRefreshSecret } from '../security/refresh-secret.js';

/** Issues the next refresh token of a family (a new family per login); returns the secret, stores its hash. */
export async function issueRefreshToken(tx: UserDb, userId: string, now: Date, familyId: string = randomUUID()): Promise<string> {
  const secret = newRefreshSecret();
  await refreshTokenStore(tx).issue({ userId, familyId, tokenHash: hashRefreshSecret(secret), expiresAt: refreshExpiry(now) });
  return secret;
}

export const tokenResponse = (deps: Pick<UserDeps, 'issueAccessToken'>, user: User, refreshToken: string): UserHttp.TokenResponse => ({
  access_token: deps.issueAccessToken(user),
  token_type: 'Bearer',
  expires_in: ACCESS_TOKEN_TTL_SECONDS,
  refresh_token: refreshToken,
});
