import { createSigner } from 'fast-jwt';
import type { User } from '../domain/user.js';
import type { SigningKeys } from './signing-keys.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export type AccessTokenIssuer = (user: Pick<User, 'userId' | 'email' | 'role' | 'tier'>) => string;

/** RS256 access tokens (seed §3.2): sub, email, roles, and the rate-limit tier (§3.6); the header's kid names the JWKS key. */
export function accessTokenIssuer(keys: SigningKeys): AccessTokenIssuer {
  const sign = createSigner({ key: keys.privateKeyPem, algorithm: 'RS256', kid: keys.kid, expiresIn: ACCESS_TOKEN_TTL_SECONDS * 1000 });
  return (user) => sign({ sub: user.userId, email: user.email, roles: [user.role], tier: user.tier });
}
