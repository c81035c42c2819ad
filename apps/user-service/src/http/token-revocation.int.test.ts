import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { bearer, eventually } from '@shop/testing';
import { asAdmin, client, PASSWORD, startUserService, type Client } from '../test-support/user-harness.js';

/** Revocation takes at most the 2 s the services cache a user's not-before; 5 s is the promise. */
const revocationDeadlineMs = 5_000;
const claimsOf = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());

/**
 * Every trigger voids the account's older access tokens (docs/api.md, authentication): the same
 * token that worked is refused with 401 within 5 s, and signing in again at once works.
 */
describe('access-token revocation', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env?.stop());

  const me = (headers: Record<string, string>) => api.get('/api/v1/users/me', headers);
  const refusedSoon = (headers: Record<string, string>) =>
    eventually(
      async () => {
        const response = await me(headers);
        expect(response.statusCode).toBe(401);
        expect(response.json().error).toMatchObject({ code: 'UNAUTHORIZED', request_id: expect.any(String) });
      },
      revocationDeadlineMs,
      100,
    );
  /** Signs in again at once (the same second as the revocation, as often as not) and is served. */
  const signsInAgain = async (email: string) => {
    const login = await api.login(email);
    expect(login.statusCode).toBe(200);
    const fresh = bearer(login.json().access_token);
    const response = await me(fresh);
    expect(response.statusCode).toBe(200);
    return { token: login.json().access_token as string, account: response.json() };
  };

  it('a role change voids the older tokens: a demoted admin is no admin', async () => {
    const account = await api.signedIn();
    const admin = asAdmin();
    expect((await api.patch(`/api/v1/users/${account.user_id}/role`, { role: 'admin' }, admin)).statusCode).toBe(200);
    const asPromoted = await signsInAgain(account.email);
    const promoted = bearer(asPromoted.token);
    expect((await api.get('/api/v1/users', promoted)).statusCode).toBe(200);

    expect((await api.patch(`/api/v1/users/${account.user_id}/role`, { role: 'customer' }, admin)).statusCode).toBe(
      200,
    );
    await eventually(
      async () => expect((await api.get('/api/v1/users', promoted)).statusCode).toBe(401),
      revocationDeadlineMs,
      100,
    );
    const again = await signsInAgain(account.email);
    expect(again.account.role).toBe('customer');
    expect(claimsOf(again.token).roles).toEqual(['customer']);
  });

  it('a tier change voids the older tokens; the next one carries the tier', async () => {
    const account = await api.signedIn();
    expect((await api.patch(`/api/v1/users/${account.user_id}/tier`, { tier: 'premium' }, asAdmin())).statusCode).toBe(
      200,
    );
    await refusedSoon(account.headers);
    expect(claimsOf((await signsInAgain(account.email)).token).tier).toBe('premium');
  });

  it('a change that changes nothing voids nothing', async () => {
    const account = await api.signedIn();
    const unchanged = await api.patch(`/api/v1/users/${account.user_id}/role`, { role: 'customer' }, asAdmin());
    expect(unchanged.statusCode).toBe(200);
    const namespace = api.users.config.KAFKA_TOPIC_NAMESPACE;
    const key = `${namespace ? `${namespace}:` : ''}auth:not-before:${account.user_id}`;
    expect(await api.users.infra.redis.exists(key)).toBe(0);
    expect((await me(account.headers)).statusCode).toBe(200);
  });

  it('logout-all ends every session: refresh tokens revoked, access tokens refused, a new login works', async () => {
    const account = await api.signedIn();
    const secondDevice = (await api.login(account.email)).json();
    const out = await api.post('/api/v1/auth/logout-all', undefined, account.headers);
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    for (const refreshToken of [account.refresh_token, secondDevice.refresh_token]) {
      const refreshed = await api.post('/api/v1/auth/refresh', { refresh_token: refreshToken });
      expect(refreshed.statusCode).toBe(401);
    }
    await refusedSoon(account.headers);
    await refusedSoon(bearer(secondDevice.access_token));
    await signsInAgain(account.email);
  });

  it('logout-all needs a valid access token', async () => {
    expect((await api.post('/api/v1/auth/logout-all', undefined)).json().error.code).toBe('UNAUTHORIZED');
    const forged = { authorization: `Bearer ${randomUUID()}` };
    expect((await api.post('/api/v1/auth/logout-all', undefined, forged)).statusCode).toBe(401);
  });

  it('erasure voids the older tokens', async () => {
    const account = await api.signedIn();
    // A route that does not look the account up: only the revocation can refuse the token there.
    expect((await api.get('/api/v1/users', account.headers)).statusCode).toBe(403);
    expect((await api.del('/api/v1/users/me', account.headers, { password: PASSWORD })).statusCode).toBe(204);
    await eventually(
      async () => expect((await api.get('/api/v1/users', account.headers)).statusCode).toBe(401),
      revocationDeadlineMs,
      100,
    );
  });
});
