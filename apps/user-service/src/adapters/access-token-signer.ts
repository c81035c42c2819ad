import { createSigner } from 'fast-jwt';
import { ACCESS_TOKEN_TTL_SECONDS, accessTokenClaims } from '../domain/access-token.js';
import type { AccessTokenIssuer } from '../domain/credentials.port.js';
import type { SigningKeys } from './signing-keys.js';

/** RS256 access tokens; the header's kid names the JWKS key that verifies them. */
export function accessTokenIssuer(keys: SigningKeys): AccessTokenIssuer {
  const sign = createSigner({
    key: keys.privateKeyPem,
    algorithm: 'RS256',
    kid: keys.kid,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS * 1000,
  });
  return (user) => sign(accessTokenClaims(user));
}
