import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';

type Role = 'customer' | 'admin' | 'support' | 'partner';

/** What makes a token one the services must refuse, though its key is the right one. */
export interface AccessTokenFlaws {
  /** Another issuer or audience than the services expect. */
  readonly iss?: string;
  readonly aud?: string;
  /** An `exp` of its own (Unix seconds), e.g. one in the past. */
  readonly exp?: number;
  /** Claims the token goes without, e.g. `exp` for one that never expires. */
  readonly omit?: readonly ('iss' | 'aud' | 'exp')[];
}

/**
 * The `iss` and `aud` the services expect, as `accessTokenParties()` of @shop/http reads them (this
 * library cannot import it: @shop/http's tests use this one); its tests check the two agree.
 */
export const expectedTokenParties = () => ({
  issuer: process.env.TOKEN_ISSUER?.trim() || 'https://shop.local/user-service',
  audience: process.env.TOKEN_AUDIENCE?.trim() || 'shop-api',
});

const privateKeyFile = () =>
  process.env.JWT_PRIVATE_KEY_FILE ?? resolve(import.meta.dirname, '../../../.dev-keys/jwt-private.pem');
let signer: ((claims: object) => string) | undefined;

/**
 * An RS256 access token signed with the development key, as the user service would issue it: `iss`
 * and `aud` those this process's services expect, issued now, `exp` after `expiresInMs`; `flaws` spoil it.
 */
export function signAccessToken(
  claims: { sub?: string; roles: Role[]; email?: string },
  expiresInMs = 3_600_000,
  flaws: AccessTokenFlaws = {},
): string {
  signer ??= createSigner({ key: readFileSync(privateKeyFile(), 'utf8'), algorithm: 'RS256' }) as (c: object) => string;
  const { issuer, audience } = expectedTokenParties();
  const registered: Record<'iss' | 'aud' | 'exp', string | number> = {
    iss: flaws.iss ?? issuer,
    aud: flaws.aud ?? audience,
    exp: flaws.exp ?? Math.floor((Date.now() + expiresInMs) / 1000),
  };
  for (const claim of flaws.omit ?? []) delete registered[claim];
  // `iat` and `iat_ms` of one instant, as the user service signs them: revocation compares `iat_ms`.
  const now = Date.now();
  return signer({
    iat: Math.floor(now / 1000),
    iat_ms: now,
    sub: claims.sub ?? randomUUID(),
    roles: claims.roles,
    ...(claims.email ? { email: claims.email } : {}),
    ...registered,
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
