import { createSigner } from 'fast-jwt';
import { accessTokenParties, type AccessTokenParties } from '@shop/http';
import { ACCESS_TOKEN_TTL_SECONDS, accessTokenClaims } from '../domain/access-token.js';
import type { AccessTokenIssuer } from '../domain/credentials.port.js';
import type { SigningKeys } from './signing-keys.js';

/**
 * RS256 access tokens; the header's kid names the JWKS key that verifies them. `iss`, `aud` and `exp`
 * are what every service's verifier requires (TOKEN_ISSUER, TOKEN_AUDIENCE; docs/api.md).
 */
export function accessTokenIssuer(
  keys: SigningKeys,
  parties: AccessTokenParties = accessTokenParties(),
): AccessTokenIssuer {
  const sign = createSigner({
    key: keys.privateKeyPem,
    algorithm: 'RS256',
    kid: keys.kid,
    iss: parties.issuer,
    aud: parties.audience,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS * 1000,
  });
  return (user) => {
    // `iat` has whole seconds; a revocation within the same second as a re-login needs the millisecond.
    const now = Date.now();
    return sign({ ...accessTokenClaims(user), iat: Math.floor(now / 1000), iat_ms: now });
  };
}
