import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt';
import buildGetJwks from 'get-jwks';
import { JwksRefetchLimiter, type JwksRefetchLimits } from './jwks-refetch-limit.js';

/**
 * Who issues access tokens (`iss`) and which API they are for (`aud`): the user service signs both
 * into every token and every service refuses a token naming another, so a token minted for some
 * other system, even with a key we trust, opens nothing here.
 */
export interface AccessTokenParties {
  readonly issuer: string;
  readonly audience: string;
}

export const defaultAccessTokenParties: AccessTokenParties = {
  issuer: 'https://shop.local/user-service',
  audience: 'shop-api',
};

/** TOKEN_ISSUER and TOKEN_AUDIENCE (validated at boot by the base config), or the defaults. */
export function accessTokenParties(env: Record<string, string | undefined> = process.env): AccessTokenParties {
  return {
    issuer: env.TOKEN_ISSUER?.trim() || defaultAccessTokenParties.issuer,
    audience: env.TOKEN_AUDIENCE?.trim() || defaultAccessTokenParties.audience,
  };
}

/** The header of a token about to be verified: which key it says signed it. */
export interface AccessTokenHeader {
  readonly alg: string;
  readonly kid?: string;
}

/**
 * Where the keys that verify access tokens come from: the user service's JWKS (production and the
 * running stack: cached, fetched again for an unknown `kid` within `jwksRefetch`), one PEM key, or
 * a lookup of one's own (tests, tools); and whose tokens for which API they accept (default:
 * `accessTokenParties()` of this process).
 */
export type AuthOptions = (
  | { readonly publicKey: string }
  | { readonly jwksUrl: string; readonly jwksRefetch?: JwksRefetchLimits }
  | { readonly keyOf: (header: AccessTokenHeader) => Promise<string> }
) & {
  readonly parties?: AccessTokenParties;
};

/** Development key pair written by `tools/dev-keys.ts` at set-up; never committed. */
export const devKeyDir = resolve(import.meta.dirname, '../../../.dev-keys');

/**
 * The one seam where a service learns who calls it: RS256 access tokens only (no HS256, no
 * `none`), verified with the user service's public key. Today the key is the development key
 * from config; the identity capability replaces it with the JWKS without touching routes.
 */
export function loadPublicKey(env: Record<string, string | undefined> = process.env): string {
  if (env.JWT_PUBLIC_KEY) return env.JWT_PUBLIC_KEY;
  return readFileSync(env.JWT_PUBLIC_KEY_FILE ?? resolve(devKeyDir, 'jwt-public.pem'), 'utf8');
}

/**
 * A client sends the same access token with every request until it expires: a verified token is
 * remembered (by its hash, never beyond its `exp`, at most this long), so its RSA signature is
 * checked once, not on every request (it was a tenth of the order service's CPU under load).
 * The price: a token stays accepted this long after its key leaves the JWKS.
 */
const verifiedTokenCache = { cache: 10_000, cacheTTL: 60_000 };

/**
 * Without `exp` a token never expires; fast-jwt checks `allowedIss`/`allowedAud` only on a claim that
 * is there; without `iat` a revocation (docs/api.md, authentication) could not tell the token's age.
 */
const requiredClaims = ['exp', 'iss', 'aud', 'iat'];

/** The JWKS's keys by kid, as PEM; an unknown kid reaches the JWKS only within the refetch limits. */
function jwksKeys(jwksUrl: string, limits?: JwksRefetchLimits): (header: AccessTokenHeader) => Promise<string> {
  const url = new URL(jwksUrl);
  const domain = `${url.origin}/`;
  const jwks = buildGetJwks({ jwksPath: url.pathname, ttl: 10 * 60 * 1000, max: 100 });
  const limiter = new JwksRefetchLimiter(limits);
  // get-jwks converts the JWK to PEM on every call; its cached JWK object is converted once.
  const pemOf = new WeakMap<object, string>();
  return async ({ alg, kid }) => {
    if (alg !== 'RS256' || !kid) throw new Error('access tokens are RS256 with a kid');
    const cacheKey = jwks.generateCacheKey('RS256', kid, domain);
    let jwk: unknown;
    if (jwks.cache.get(cacheKey) !== undefined || limiter.mayFetch(kid, Date.now())) {
      jwk = await jwks.getJwk({ domain, kid, alg: 'RS256' });
    } else {
      // A key we knew whose cache entry aged out stays usable while fetches are refused.
      jwk = jwks.staleCache.get(cacheKey);
      if (!jwk) throw new Error(`unknown kid ${kid}: JWKS refetch limited`);
    }
    let pem = pemOf.get(jwk as object);
    if (!pem) {
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      pem = key.export({ type: 'spki', format: 'pem' }).toString();
      pemOf.set(jwk as object, pem);
    }
    return pem;
  };
}

/** `request.jwtVerify` against the configured keys, for RS256 tokens of the expected parties only. */
export async function registerJwt(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { issuer, audience } = options.parties ?? accessTokenParties();
  const verify = {
    algorithms: ['RS256' as const],
    allowedIss: issuer,
    allowedAud: audience,
    requiredClaims,
    ...verifiedTokenCache,
  };
  if ('publicKey' in options) {
    await app.register(fastifyJwt, { secret: { public: options.publicKey }, verify });
    return;
  }
  const keyOf = 'jwksUrl' in options ? jwksKeys(options.jwksUrl, options.jwksRefetch) : options.keyOf;
  await app.register(fastifyJwt, {
    decode: { complete: true },
    verify,
    secret: async (_request: FastifyRequest, token: TokenOrHeader) => {
      const header = 'header' in token ? token.header : token;
      return keyOf({ alg: header.alg, ...(header.kid ? { kid: header.kid } : {}) });
    },
  });
}
