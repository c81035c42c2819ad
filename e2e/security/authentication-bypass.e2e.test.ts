import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { ErrorEnvelope, services } from '@shop/contracts';
import { loadPublicKey } from '@shop/http';
import { expectedTokenParties, signAccessToken } from '@shop/testing';
import { call } from '../support/api.js';
import { label, servedOperations, type ServedOperation } from '../support/openapi-walk.js';
import { startStack, type Stack } from '../support/stack.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const claimsOfParties = () => {
  const { issuer, audience } = expectedTokenParties();
  return { iss: issuer, aud: audience };
};
/** The account every token below names, claiming the admin role: the most a forged token could open. */
let adminId: string = randomUUID();
/** A valid admin token's claims, for a forger to sign with a key or an algorithm of their own. */
const adminClaims = () => ({ sub: adminId, roles: ['admin'], ...claimsOfParties(), exp: inAnHour() });
const theAdmin = (): { sub: string; roles: ['admin'] } => ({ sub: adminId, roles: ['admin'] });

let anotherPrivateKey: string | undefined;
/** An RSA key of the attacker's own, made once. */
const anotherKey = () =>
  (anotherPrivateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString());

/** `kid` of the key the user service publishes: a forged token names it, as an attacker copying a real one would. */
let publishedKid: string | undefined;
const header = (alg: string) => ({ alg, typ: 'JWT', ...(publishedKid ? { kid: publishedKid } : {}) });

/** Each way a token can be wrong, as the Authorization header that carries it; `undefined` sends none. */
const badTokens: Record<string, () => string | undefined> = {
  missing: () => undefined,
  expired: () => signAccessToken(theAdmin(), 0, { exp: Math.floor(Date.now() / 1000) - 3600 }),
  'signed with another RSA key': () =>
    createSigner({ key: anotherKey(), algorithm: 'RS256', ...(publishedKid ? { kid: publishedKid } : {}) })(
      adminClaims(),
    ),
  'alg none': () => `${base64url(header('none'))}.${base64url(adminClaims())}.`,
  'HS256 with the public key as secret': () => {
    const unsigned = `${base64url(header('HS256'))}.${base64url(adminClaims())}`;
    return `${unsigned}.${createHmac('sha256', loadPublicKey()).update(unsigned).digest('base64url')}`;
  },
  'for another audience': () => signAccessToken(theAdmin(), 3_600_000, { aud: 'another-api' }),
  'from another issuer': () => signAccessToken(theAdmin(), 3_600_000, { iss: 'https://issuer.example/not-ours' }),
  'without exp': () => signAccessToken(theAdmin(), 3_600_000, { omit: ['exp'] }),
};

/** A customer account of the stack, signed up and signed in once through its API: a subject that exists. */
async function signUp(stack: Stack): Promise<{ userId: string }> {
  const credentials = {
    email: `bypass.${randomUUID().slice(0, 8)}@example.com`,
    password: 'e2e-correct-horse-battery',
  };
  const users = stack.url('user-service');
  const registered = await call(users, 'POST', '/api/v1/auth/register', {}, credentials);
  const login = await call(users, 'POST', '/api/v1/auth/login', {}, credentials);
  if (registered.status !== 201 || login.status !== 200)
    throw new Error(`sign-up failed: ${JSON.stringify(registered.body)} ${JSON.stringify(login.body)}`);
  return { userId: registered.body.user_id };
}

const headersOf = (token: string | undefined): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` };

/**
 * Authentication bypass on every route: every operation whose served OpenAPI document requires a
 * token — and every one where a token is optional, since a token that is sent is verified — is
 * called as an admin with each kind of bad token, and answers 401 UNAUTHORIZED in the error
 * envelope every time. The same calls with a valid admin token are not refused with 401, so each
 * refusal is the bad token's doing.
 */
describe('authentication bypass on every route, end to end', () => {
  let stack: Stack;
  let guarded: ServedOperation[];

  beforeAll(async () => {
    stack = await startStack({ services: services.map((s) => s.name), portBase: 7600 });
    const jwks = await call(stack.url('user-service'), 'GET', '/.well-known/jwks.json', {});
    publishedKid = jwks.body?.keys?.[0]?.kid;
    const account = await signUp(stack);
    adminId = account.userId;
    guarded = (await servedOperations(stack)).filter((o) => o.authentication !== 'none');
  }, 180_000);
  afterAll(() => stack?.stop());

  const send = (op: ServedOperation, token: string | undefined) =>
    call(stack.url(op.service), op.method, op.samplePath, headersOf(token), op.body);

  it('walks every service’s operations that verify a token', () => {
    expect(publishedKid).toEqual(expect.any(String));
    expect(guarded.filter((o) => o.authentication === 'required').length).toBeGreaterThan(0);
  });

  it('lets a valid admin token past authentication on each of them', async () => {
    const refused: string[] = [];
    for (const op of guarded) {
      const response = await send(op, signAccessToken(theAdmin()));
      if (response.status === 401) refused.push(`${label(op)} refused a valid token: ${JSON.stringify(response.body)}`);
    }
    expect(refused).toEqual([]);
  });

  it.each(Object.keys(badTokens))('answers 401 UNAUTHORIZED in the envelope to a token %s', async (kind) => {
    const letThrough: string[] = [];
    for (const op of guarded) {
      // Optional authentication lets the anonymous caller in: only a token that is sent must be good.
      if (kind === 'missing' && op.authentication === 'optional') continue;
      const response = await send(op, badTokens[kind]!());
      const envelope = ErrorEnvelope.safeParse(response.body);
      if (response.status !== 401 || !envelope.success || envelope.data.error.code !== 'UNAUTHORIZED')
        letThrough.push(`${label(op)} answered ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(letThrough).toEqual([]);
  });
});
