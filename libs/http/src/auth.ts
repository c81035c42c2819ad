import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt';
import fp from 'fastify-plugin';
import buildGetJwks from 'get-jwks';
import { z } from 'zod';
import { DomainError } from '@shop/contracts';

export const Role = z.enum(['customer', 'admin', 'support', 'partner']);
export type Role = z.infer<typeof Role>;

/** Who is calling, as the verified access token says (docs/api.md, authentication). */
export interface Caller {
  readonly userId: string;
  readonly email?: string;
  readonly roles: readonly Role[];
}

const AccessTokenClaims = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  roles: z.array(Role).min(1),
});

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}

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

/**
 * Where the keys that verify access tokens come from: the user service's JWKS (production and the
 * running stack: cached, fetched again for an unknown `kid`), or one PEM key (tests, tools); and
 * whose tokens for which API they accept (default: `accessTokenParties()` of this process).
 */
export type AuthOptions = ({ readonly publicKey: string } | { readonly jwksUrl: string }) & {
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

/** Without `exp` a token never expires; fast-jwt checks `allowedIss`/`allowedAud` only on a claim that is there. */
const requiredClaims = ['exp', 'iss', 'aud'];

async function registerJwt(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { issuer, audience } = options.parties ?? accessTokenParties();
  const verify = {
    algorithms: ['RS256' as const],
    allowedIss: issuer,
    allowedAud: audience,
    requiredClaims,
    ...verifiedTokenCache,
  };
  if (!('jwksUrl' in options)) {
    await app.register(fastifyJwt, { secret: { public: options.publicKey }, verify });
    return;
  }
  const url = new URL(options.jwksUrl);
  const jwks = buildGetJwks({ jwksPath: url.pathname, ttl: 10 * 60 * 1000, max: 100 });
  // get-jwks converts the JWK to PEM on every call; its cached JWK object is converted once.
  const pemOf = new WeakMap<object, string>();
  await app.register(fastifyJwt, {
    decode: { complete: true },
    verify,
    secret: async (_request: FastifyRequest, token: TokenOrHeader) => {
      const header = 'header' in token ? token.header : token;
      if (header.alg !== 'RS256' || !header.kid) throw new Error('access tokens are RS256 with a kid');
      const jwk = await jwks.getJwk({ domain: url.origin, kid: header.kid, alg: 'RS256' });
      let pem = pemOf.get(jwk);
      if (!pem) {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        pem = key.export({ type: 'spki', format: 'pem' }).toString();
        pemOf.set(jwk, pem);
      }
      return pem;
    },
  });
}

/**
 * `shop-auth`: `request.jwtVerify` against the configured keys and `request.caller`, which
 * `authenticate` fills. Costs nothing per request until a route asks who calls.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    await registerJwt(app, options);
    app.decorateRequest('caller', undefined);
  },
  { name: 'shop-auth', fastify: '5.x' },
);

/** The auth plugin on an app built without `createHttpApp` (a test's bare Fastify). */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(authPlugin, options);
}

/** The caller a verified token names, or nothing when it lacks a subject or roles. */
export function callerFromClaims(claims: unknown): Caller | undefined {
  const parsed = AccessTokenClaims.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, roles, email } = parsed.data;
  return { userId: sub, roles, ...(email ? { email } : {}) };
}

/** onRequest hook: a valid access token, or 401 in the error envelope. */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  // The rate limiter may have verified the token already.
  if (request.caller) return;
  let claims: unknown;
  try {
    claims = await request.jwtVerify();
  } catch {
    const message = request.headers.authorization ? 'Invalid or expired access token' : 'Missing access token';
    throw new DomainError('UNAUTHORIZED', message);
  }
  const caller = callerFromClaims(claims);
  if (!caller) throw new DomainError('UNAUTHORIZED', 'Access token lacks subject or roles');
  request.caller = caller;
}

/** preHandler: the caller holds one of the roles, or 403. */
export const requireRole =
  (...roles: Role[]) =>
  async (request: FastifyRequest): Promise<void> => {
    if (!request.caller) throw new DomainError('UNAUTHORIZED', 'Missing access token');
    if (!request.caller.roles.some((r) => roles.includes(r))) {
      throw new DomainError('FORBIDDEN', `Requires one of the roles: ${roles.join(', ')}`);
    }
  };

export const callerOf = (request: FastifyRequest): Caller => {
  if (!request.caller) throw new DomainError('UNAUTHORIZED', 'Missing access token');
  return request.caller;
};

export const hasRole = (caller: Caller, ...roles: Role[]): boolean => caller.roles.some((r) => roles.includes(r));

/** Who made a change and in which request: what an audit record of it names. */
export const auditContextOf = (request: FastifyRequest): { readonly actor: Caller; readonly requestId: string } => ({
  actor: callerOf(request),
  requestId: request.id,
});
