import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { userService } from '../service.js';
import { client, PASSWORD, startUserService, uniqueEmail, type Client } from '../test-support/user-harness.js';

// Above the 5 failures one address may make on one account, so each limit can be seen on its own.
const perIp = 12;

describe('login throttling (Redis)', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService({ LOGIN_MAX_ATTEMPTS_PER_IP: String(perIp) });
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  const fail = (email: string, ip?: string) => api.login(email, 'wrong password, again', ip);

  it('refuses the 6th try from an address after 5 failures: 429, reset_at, Retry-After, even if right', async () => {
    const { email } = await api.register();
    const ip = '192.0.2.10';
    for (let i = 1; i <= 5; i++) expect((await fail(email, ip)).statusCode, `attempt ${i}`).toBe(401);
    const before = Date.now();
    const blocked = await api.login(email, undefined, ip);
    expect(blocked.statusCode).toBe(429);
    const error = blocked.json().error;
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    const resetAt = Date.parse(error.details.reset_at);
    expect(resetAt).toBeGreaterThan(before + 14 * 60_000);
    expect(resetAt).toBeLessThanOrEqual(before + 15 * 60_000 + 1000);
    // Retry-After says the same in whole seconds (RFC 9110 §10.2.3).
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60 + 1);
    expect(Math.abs(Number(blocked.headers['retry-after']) - (resetAt - Date.now()) / 1000)).toBeLessThan(3);
    // Other accounts are unaffected, from the same address too.
    const other = await api.register();
    expect((await api.login(other.email, undefined, ip)).statusCode).toBe(200);
  });

  it('starts the count again after a successful sign-in', async () => {
    const { email } = await api.register();
    const ip = '192.0.2.11';
    for (let i = 1; i <= 4; i++) expect((await fail(email, ip)).statusCode).toBe(401);
    expect((await api.login(email, undefined, ip)).statusCode).toBe(200);
    for (let i = 1; i <= 5; i++) expect((await fail(email, ip)).statusCode, `attempt ${i} after the reset`).toBe(401);
    expect((await fail(email, ip)).statusCode).toBe(429);
  });

  it('throttles unknown addresses exactly like known ones (no enumeration through the limiter)', async () => {
    const email = uniqueEmail('ghost');
    const ip = '192.0.2.12';
    for (let i = 1; i <= 5; i++) expect((await fail(email, ip)).statusCode).toBe(401);
    expect((await fail(email, ip)).statusCode).toBe(429);
    expect((await fail(email, '192.0.2.13')).statusCode).toBe(401);
  });

  it('counts failures per client address across accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 1; i <= perIp; i++) expect((await fail(uniqueEmail(), ip)).statusCode, `attempt ${i}`).toBe(401);
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

  describe('behind a proxy (TRUST_PROXY)', () => {
    const failFrom = (target: Client, peer: string, forwardedFor: string) =>
      target.post(
        '/api/v1/auth/login',
        { email: uniqueEmail(), password: 'wrong password, again' },
        { 'x-forwarded-for': forwardedFor },
        peer,
      );

    it('counts per client address from X-Forwarded-For when the peer is the trusted gateway', async () => {
      const behindKong = await env.start(userService, { LOGIN_MAX_ATTEMPTS_PER_IP: '3', TRUST_PROXY: '10.20.0.0/16' });
      const gateway = client(behindKong);
      for (let i = 1; i <= 3; i++)
        expect((await failFrom(gateway, '10.20.0.2', '198.51.100.20')).statusCode, `attempt ${i}`).toBe(401);
      expect((await failFrom(gateway, '10.20.0.2', '198.51.100.20')).statusCode).toBe(429);
      // Another client through the same gateway has its own allowance.
      expect((await failFrom(gateway, '10.20.0.2', '198.51.100.21')).statusCode).toBe(401);
      // An untrusted peer cannot choose its address: its header is ignored, so its attempts pile up on itself.
      for (let i = 1; i <= 3; i++)
        expect((await failFrom(gateway, '203.0.113.30', `198.51.100.${40 + i}`)).statusCode).toBe(401);
      expect((await failFrom(gateway, '203.0.113.30', '198.51.100.50')).statusCode).toBe(429);
    });

    it('throttles an attacker failing on an account, while the owner signs in from another address', async () => {
      const behindKong = await env.start(userService, { TRUST_PROXY: '10.20.0.0/16' });
      const gateway = client(behindKong);
      const { email } = await gateway.register();
      const from = (forwardedFor: string, password: string) =>
        gateway.post('/api/v1/auth/login', { email, password }, { 'x-forwarded-for': forwardedFor }, '10.20.0.2');
      const attacker = '198.51.100.30';
      const owner = '198.51.100.31';
      for (let i = 1; i <= 5; i++)
        expect((await from(attacker, 'a guess of the password')).statusCode, `guess ${i}`).toBe(401);
      const throttled = await from(attacker, PASSWORD);
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json().error.code).toBe('RATE_LIMIT_EXCEEDED');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);

      expect((await from(owner, PASSWORD)).statusCode, 'the owner, at once').toBe(200);
      // The owner's own slips count, and a success starts them again.
      for (let i = 1; i <= 4; i++) expect((await from(owner, 'a typo of mine')).statusCode, `typo ${i}`).toBe(401);
      expect((await from(owner, PASSWORD)).statusCode).toBe(200);
      for (let i = 1; i <= 5; i++) expect((await from(owner, 'a typo of mine')).statusCode, `typo ${i}`).toBe(401);
      expect((await from(owner, PASSWORD)).statusCode).toBe(429);
      // The owner's success did not free the attacker.
      expect((await from(attacker, PASSWORD)).statusCode).toBe(429);
    });

    it('slows an account guessed at from many addresses, and never locks its owner out', async () => {
      const slowAfter = 6;
      const settings = { TRUST_PROXY: '10.20.0.0/16', LOGIN_SLOW_ACCOUNT_AFTER: String(slowAfter) };
      const gateway = client(await env.start(userService, { ...settings, LOGIN_SLOW_ACCOUNT_SPACING_SECONDS: '1.5' }));
      const { email } = await gateway.register();
      const from = (forwardedFor: string, password: string) =>
        gateway.post('/api/v1/auth/login', { email, password }, { 'x-forwarded-for': forwardedFor }, '10.20.0.2');
      const ownersHome = '198.51.100.130';
      expect((await from(ownersHome, PASSWORD)).statusCode).toBe(200);
      // Each address stays under its own 5 failures: only the account as a whole sees the pattern.
      for (let i = 1; i <= slowAfter; i++)
        expect((await from(`198.51.100.${100 + i}`, 'a botnet guess')).statusCode, `guess ${i}`).toBe(401);
      expect((await from('198.51.100.120', 'one guess per interval')).statusCode).toBe(401);
      const spaced = await from('198.51.100.121', 'the next guess at once');
      expect(spaced.statusCode).toBe(429);
      expect(spaced.json().error.code).toBe('RATE_LIMIT_EXCEEDED');
      const wait = Number(spaced.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2);
      // From where they signed in before, the owner is not slowed at all ...
      expect((await from(ownersHome, PASSWORD)).statusCode, 'the owner at home, at once').toBe(200);
      expect((await from('198.51.100.122', 'a guess right after')).statusCode).toBe(429);
      // ... and from a new address waits the interval at worst: a delay, not a lock.
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      expect((await from('198.51.100.131', PASSWORD)).statusCode, 'the owner elsewhere').toBe(200);
    });

    it('ignores X-Forwarded-For by default', async () => {
      const peer = '203.0.113.31';
      for (let i = 1; i <= perIp; i++)
        expect((await failFrom(api, peer, `198.51.100.${60 + i}`)).statusCode, `attempt ${i}`).toBe(401);
      expect((await failFrom(api, peer, '198.51.100.99')).statusCode).toBe(429);
    });
  });
});
