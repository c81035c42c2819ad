import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { DomainError } from '@shop/contracts';
import { registerJwt, type AuthOptions } from './access-token-keys.js';

export {
  accessTokenParties,
  defaultAccessTokenParties,
  devKeyDir,
  loadPublicKey,
  type AccessTokenHeader,
  type AccessTokenParties,
  type AuthOptions,
} from './access-token-keys.js';

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
  tier: z.string().optional(),
  iat: z.number(),
  /** When the user service signed it, to the millisecond: `iat` has whole seconds only. */
  iat_ms: z.number().int().nonnegative().optional(),
});

/**
 * What the access token of a request turned out to be: none sent, one that failed verification
 * (signature, key, expiry, issuer, audience or claims), or a verified one and what it says.
 */
export type AccessTokenVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | {
      readonly kind: 'verified';
      readonly caller: Caller;
      readonly tier: string | undefined;
      /** The instant of issue that revocation compares: `iat_ms`, or the start of the `iat` second. */
      readonly issuedAtMs: number;
    };

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined;
    accessTokenVerdict: Promise<AccessTokenVerdict> | undefined;
  }
}

/**
 * `shop-auth`: `request.jwtVerify` against the configured keys and `request.caller`, which
 * `authenticate` fills. Costs nothing per request until a route asks who calls.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    await registerJwt(app, options);
    app.decorateRequest('caller', undefined);
    app.decorateRequest('accessTokenVerdict', undefined);
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

async function verify(request: FastifyRequest): Promise<AccessTokenVerdict> {
  if (!request.headers.authorization) return { kind: 'none' };
  let claims: unknown;
  try {
    claims = await request.jwtVerify();
  } catch {
    return { kind: 'invalid', reason: 'Invalid or expired access token' };
  }
  const parsed = AccessTokenClaims.safeParse(claims);
  if (!parsed.success) return { kind: 'invalid', reason: 'Access token lacks subject or roles' };
  const { sub, roles, email, tier, iat, iat_ms } = parsed.data;
  const caller: Caller = { userId: sub, roles, ...(email ? { email } : {}) };
  return { kind: 'verified', caller, tier, issuedAtMs: iat_ms ?? iat * 1000 };
}

/** The request's token verified once, whoever asks first (the rate limiter or `authenticate`). */
export function verifyAccessToken(request: FastifyRequest): Promise<AccessTokenVerdict> {
  request.accessTokenVerdict ??= verify(request);
  return request.accessTokenVerdict;
}

/** True when the verified token was revoked (docs/api.md); 503 when that cannot be known now. */
export async function isRevoked(
  request: FastifyRequest,
  verdict: Extract<AccessTokenVerdict, { kind: 'verified' }>,
): Promise<boolean> {
  const revocations = request.server.accessTokenRevocations;
  return revocations ? revocations.isRevoked(verdict.caller.userId, verdict.issuedAtMs) : false;
}

/** onRequest hook: a valid access token that was not revoked, or 401 in the error envelope. */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  // The rate limiter may have verified the token, and checked its revocation, already.
  if (request.caller) return;
  const verdict = await verifyAccessToken(request);
  if (verdict.kind === 'none') throw new DomainError('UNAUTHORIZED', 'Missing access token');
  if (verdict.kind === 'invalid') throw new DomainError('UNAUTHORIZED', verdict.reason);
  if (await isRevoked(request, verdict)) {
    throw new DomainError('UNAUTHORIZED', 'Access token revoked; sign in again or refresh it');
  }
  request.caller = verdict.caller;
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
