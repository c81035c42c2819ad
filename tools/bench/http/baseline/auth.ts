import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt';
import buildGetJwks from 'get-jwks';
import { z } from 'zod';
import { AppError } from './app-error.js';

export const Role = z.enum(['customer', 'admin', 'support', 'partner']);
export type Role = z.infer<typeof Role>;

/** Who is calling, as the verified access token says. */
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
 * Where the keys that verify access tokens come from: the user service's JWKS (production and the
 * running stack: cached, fetched again for an unknown `kid`), or one PEM key (tests, tools).
 */
export type AuthOptions = { readonly publicKey: string } | { readonly jwksUrl: string };

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

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  if ('jwksUrl' in options) {
    const url = new URL(options.jwksUrl);
    const jwks = buildGetJwks({ jwksPath: url.pathname, ttl: 10 * 60 * 1000, max: 100 });
    // get-jwks converts the JWK to PEM on every call; its cached JWK object is converted once.
    const pemOf = new WeakMap<object, string>();
    await app.register(fastifyJwt, {
      decode: { complete: true },
      verify: { algorithms: ['RS256'], ...verifiedTokenCache },
      secret: async (_request: FastifyRequest, token: TokenOrHeader) => {
        const header = 'header' in token ? token.header : token;
        if (header.alg !== 'RS256' || !header.kid) throw new Error('access tokens are RS256 with a kid');
        const jwk = await jwks.getJwk({ domain: url.origin, kid: header.kid, alg: 'RS256' });
        let pem = pemOf.get(jwk);
        if (!pem) {
          pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
            .export({ type: 'spki', format: 'pem' })
            .toString();
          pemOf.set(jwk, pem);
        }
        return pem;
      },
    });
  } else {
    await app.register(fastifyJwt, {
      secret: { public: options.publicKey },
      verify: { algorithms: ['RS256'], ...verifiedTokenCache },
    });
  }
  app.decorateRequest('caller', undefined);
}

/** The caller a verified token names, or nothing when it lacks a subject or roles. */
export function callerFromClaims(claims: unknown): Caller | undefined {
  const parsed = AccessTokenClaims.safeParse(claims);
  if (!parsed.success) return undefined;
  return {
    userId: parsed.data.sub,
    roles: parsed.data.roles,
    ...(parsed.data.email ? { email: parsed.data.email } : {}),
  };
}

/** onRequest hook: a valid access token, or 401 in the error envelope. */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  // The rate limiter may have verified the token already.
  if (request.caller) return;
  let claims: unknown;
  try {
    claims = await request.jwtVerify();
  } catch {
    throw new AppError(
      'UNAUTHORIZED',
      request.headers.authorization ? 'Invalid or expired access token' : 'Missing access token',
    );
  }
  const caller = callerFromClaims(claims);
  if (!caller) throw new AppError('UNAUTHORIZED', 'Access token lacks subject or roles');
  request.caller = caller;
}

/** preHandler: the caller holds one of the roles, or 403. */
export const requireRole =
  (...roles: Role[]) =>
  async (request: FastifyRequest): Promise<void> => {
    if (!request.caller) throw new AppError('UNAUTHORIZED', 'Missing access token');
    if (!request.caller.roles.some((r) => roles.includes(r))) {
      throw new AppError('FORBIDDEN', `Requires one of the roles: ${roles.join(', ')}`);
    }
  };

export const callerOf = (request: FastifyRequest): Caller => {
  if (!request.caller) throw new AppError('UNAUTHORIZED', 'Missing access token');
  return request.caller;
};

export const hasRole = (caller: Caller, ...roles: Role[]): boolean => caller.roles.some((r) => roles.includes(r));

/** Who made a change and in which request: what an audit record of it names. */
export const auditContextOf = (request: FastifyRequest): { readonly actor: Caller; readonly requestId: string } => ({
  actor: callerOf(request),
  requestId: request.id,
});
