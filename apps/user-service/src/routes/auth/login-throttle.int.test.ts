import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { client, startUserService, uniqueEmail, type Client } from '../../test-support/user-harness.js';

describe('login throttling (Redis)', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService({ LOGIN_MAX_ATTEMPTS_PER_IP: '8' });
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  const fail = (email: string, ip?: string) => api.login(email, 'wrong password, again', ip);

  it('refuses the 6th attempt on an account after 5 failures with 429 RATE_LIMIT_EXCEEDED and reset_at, even with the right password', async () => {
    const { email } = await api.register();
    for (let i = 1; i <= 5; i++) expect((await fail(email)).statusCode, `attempt ${i}`).toBe(401);
    const before = Date.now();
    const blocked = await api.login(email);
    expect(blocked.statusCode).toBe(429);
    const error = blocked.json().error;
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    const resetAt = Date.parse(error.details.reset_at);
    expect(resetAt).toBeGreaterThan(before + 14 * 60_000);
    expect(resetAt).toBeLessThanOrEqual(before + 15 * 60_000 + 1000);
    // Other accounts are unaffected.
    const other = await api.register();
    expect((await api.login(other.email)).statusCode).toBe(200);
  });

  it('starts the count again after a successful sign-in', async () => {
    const { email } = await api.register();
    for (let i = 1; i <= 4; i++) expect((await fail(email)).statusCode).toBe(401);
    expect((await api.login(email)).statusCode).toBe(200);
    for (let i = 1; i <= 5; i++) expect((await fail(email)).statusCode, `attempt ${i} after the reset`).toBe(401);
    expect((await fail(email)).statusCode).toBe(429);
  });

  it('throttles unknown addresses exactly like known ones (no enumeration through the limiter)', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 1; i <= 5; i++) expect((await fail(email)).statusCode).toBe(401);
    expect((await fail(email)).statusCode).toBe(429);
  });

  it('counts failures per client address across accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 1; i <= 8; i++) expect((await fail(uniqueEmail(), ip)).statusCode, `attempt ${i}`).toBe(401);
    const { email } = await api.register();
    const blocked = await api.login(email, undefined, ip);
    expect(blocked.statusCode).toBe(429);
    // Refused by the address, the account's own allowance was given back.
    expect((await api.login(email, undefined, '192.0.2.78')).statusCode).toBe(200);
  });

  it('keeps its keys under the service and test namespace', async () => {
    await fail(uniqueEmail());
    const keys = await api.users.infra.redis.keys(`user-service:${env.namespace}:login:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => !k.includes('@'))).toBe(true);
  });
});
