import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner, createVerifier } from 'fast-jwt';
import { loadPublicKey } from '@shop/http';
import { emittedEvents, type TestEnvironment } from '@shop/service-testing';
import {
  client,
  countRows,
  PASSWORD,
  startUserService,
  uniqueEmail,
  type Client,
} from '../test-support/user-harness.js';

describe('auth API', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  describe('register', () => {
    it('creates a customer with a lower-cased e-mail, no hash in the answer, and emits UserRegistered', async () => {
      const email = uniqueEmail('Ada.Lovelace').replace('example.com', 'Example.COM');
      const response = await api.post('/api/v1/auth/register', {
        email,
        password: PASSWORD,
        first_name: 'Ada',
        last_name: 'Lovelace',
      });
      expect(response.statusCode).toBe(201);
      const user = response.json();
      expect(user).toMatchObject({
        email: email.toLowerCase(),
        first_name: 'Ada',
        last_name: 'Lovelace',
        phone: null,
        role: 'customer',
        status: 'active',
        email_verified: false,
        last_login_at: null,
      });
      expect(response.body).not.toMatch(/argon2|password/i);
      const { rows } = await api.users.db.pool.query('SELECT password_hash FROM users WHERE user_id = $1', [
        user.user_id,
      ]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(await emittedEvents(api.users, user.user_id)).toEqual([
        {
          type: 'com.shop.user.registered.v1',
          subject: user.user_id,
          data: {
            user_id: user.user_id,
            email: email.toLowerCase(),
            first_name: 'Ada',
            last_name: 'Lovelace',
            role: 'customer',
          },
        },
      ]);
    });

    it('answers 409 DUPLICATE_REQUEST for an address already registered, in any case, and writes nothing', async () => {
      const { email } = await api.register();
      const [users, outbox] = [await countRows(api.users, 'users'), await countRows(api.users, 'outbox')];
      const again = await api.post('/api/v1/auth/register', { email: email.toUpperCase(), password: PASSWORD });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { field: 'email' } });
      expect([await countRows(api.users, 'users'), await countRows(api.users, 'outbox')]).toEqual([users, outbox]);
    });

    it.each([
      ['a short password', { password: 'elevenchars' }],
      ['a bad e-mail', { email: 'not-an-address' }],
      ['an unknown field', { role: 'admin' }],
      ['an empty first name', { first_name: '' }],
      ['no password', { password: undefined }],
    ])('rejects %s with 400 VALIDATION_ERROR and writes nothing', async (_label, overrides) => {
      const [users, outbox] = [await countRows(api.users, 'users'), await countRows(api.users, 'outbox')];
      const response = await api.post('/api/v1/auth/register', {
        email: uniqueEmail(),
        password: PASSWORD,
        ...overrides,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
      expect([await countRows(api.users, 'users'), await countRows(api.users, 'outbox')]).toEqual([users, outbox]);
    });
  });

  describe('login', () => {
    it('returns an RS256 access token (1 h, sub/email/roles, kid) and a refresh token; audits it', async () => {
      const { email, user_id } = await api.register();
      const response = await api.login(email.toUpperCase());
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const verify = createVerifier({ key: loadPublicKey({}), algorithms: ['RS256'], complete: true });
      const { header, payload } = verify(body.access_token);
      expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
      expect(payload).toMatchObject({ sub: user_id, email, roles: ['customer'] });
      expect(payload.exp - payload.iat).toBe(3600);
      const { rows } = await api.users.db.pool.query(`SELECT token_hash FROM refresh_tokens WHERE user_id = $1`, [
        user_id,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toContain(body.refresh_token);
      const audit = await api.users.db.pool.query(
        `SELECT action, actor_id, request_id FROM audit_log WHERE target_user_id = $1`,
        [user_id],
      );
      expect(audit.rows).toEqual([
        { action: 'login.succeeded', actor_id: user_id, request_id: response.headers['x-request-id'] },
      ]);
    });

    it('answers 401 with one message for an unknown address and a wrong password, and audits both', async () => {
      const { email, user_id } = await api.register();
      const wrong = await api.login(email, 'not the password at all');
      const unknown = await api.login(uniqueEmail('nobody'));
      expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
      expect(wrong.json().error.code).toBe('UNAUTHORIZED');
      expect(wrong.json().error.message).toBe(unknown.json().error.message);
      const failures = await api.users.db.pool.query(
        `SELECT target_user_id, details->>'reason' AS reason FROM audit_log
          WHERE action = 'login.failed' AND request_id = ANY($1)`,
        [[wrong.headers['x-request-id'], unknown.headers['x-request-id']]],
      );
      expect(failures.rows).toEqual(
        expect.arrayContaining([
          { target_user_id: user_id, reason: 'wrong_password' },
          { target_user_id: null, reason: 'unknown_account' },
        ]),
      );
    });

    it('rejects a bad body with 400 VALIDATION_ERROR', async () => {
      const response = await api.post('/api/v1/auth/login', {
        email: uniqueEmail(),
        password: PASSWORD,
        remember: true,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('refresh tokens', () => {
    const refresh = (token: string) => api.post('/api/v1/auth/refresh', { refresh_token: token });

    it('rotates on every use: the old token is spent, the new one belongs to the same family', async () => {
      const session = await api.signedIn();
      const first = await refresh(session.refresh_token);
      expect(first.statusCode).toBe(200);
      const next = first.json();
      expect(next).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(next.refresh_token).not.toBe(session.refresh_token);
      expect((await api.get('/api/v1/users/me', { authorization: `Bearer ${next.access_token}` })).statusCode).toBe(
        200,
      );
      const { rows } = await api.users.db.pool.query(
        `SELECT family_id, used_at, revoked_at, extract(epoch FROM expires_at - created_at)::float AS ttl
           FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at`,
        [session.user_id],
      );
      expect(rows).toHaveLength(2);
      expect(rows[0].family_id).toBe(rows[1].family_id);
      expect(rows[0].used_at).not.toBeNull();
      expect(rows[1]).toMatchObject({ used_at: null, revoked_at: null });
      expect(Math.abs(rows[1].ttl - 30 * 86_400)).toBeLessThan(60);
      expect((await refresh(next.refresh_token)).statusCode).toBe(200);
    });

    it('treats a spent token presented again as theft: 401, and its whole family (newest too) is revoked', async () => {
      const session = await api.signedIn();
      const other = await api.signedIn();
      const newest = (await refresh(session.refresh_token)).json().refresh_token;
      const reuse = await refresh(session.refresh_token);
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json().error.code).toBe('UNAUTHORIZED');
      expect((await refresh(newest)).statusCode).toBe(401);
      expect((await refresh(other.refresh_token)).statusCode).toBe(200);
    });

    it('lets exactly one of two concurrent uses of one token win', async () => {
      const session = await api.signedIn();
      const results = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    });

    it('refuses unknown and expired tokens', async () => {
      expect((await refresh('A'.repeat(43))).statusCode).toBe(401);
      const session = await api.signedIn();
      await api.users.db.pool.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [session.user_id],
      );
      expect((await refresh(session.refresh_token)).statusCode).toBe(401);
    });

    it('logout revokes the family (204) and is silent for unknown tokens', async () => {
      const session = await api.signedIn();
      const newest = (await refresh(session.refresh_token)).json().refresh_token;
      const out = await api.post('/api/v1/auth/logout', { refresh_token: session.refresh_token });
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      expect((await refresh(newest)).statusCode).toBe(401);
      expect((await api.post('/api/v1/auth/logout', { refresh_token: 'unknown' })).statusCode).toBe(204);
      expect((await api.post('/api/v1/auth/logout', {})).statusCode).toBe(400);
    });
  });

  it('signs with the key the JWKS names', async () => {
    const session = await api.signedIn();
    const jwks = (await api.get('/.well-known/jwks.json')).json();
    const kid = JSON.parse(Buffer.from(session.access_token.split('.')[0]!, 'base64url').toString()).kid;
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    // A token signed by anyone else is refused by the service's own authenticate.
    const forged = createSigner({ key: generateRsaPem(), algorithm: 'RS256' })({
      sub: session.user_id,
      roles: ['admin'],
    });
    expect((await api.get('/api/v1/users/me', { authorization: `Bearer ${forged}` })).statusCode).toBe(401);
  });
});

const generateRsaPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
