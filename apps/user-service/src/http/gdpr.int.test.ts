import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emittedEvents, type TestEnvironment } from '@shop/service-testing';
import { startPeers } from '../test-support/peer-services.js';
import { userService } from '../service.js';
import { client, PASSWORD, startUserService, type Client } from '../test-support/user-harness.js';

describe('GDPR rights: access and erasure', () => {
  let env: TestEnvironment;
  let api: Client;
  let peers: Awaited<ReturnType<typeof startPeers>>;

  beforeAll(async () => {
    peers = await startPeers();
    const started = await startUserService(peers.env);
    env = started.env;
    api = client(started.users);
  });
  afterAll(async () => {
    await env?.stop();
    await peers?.close();
  });
  const environment = () => env;

  it('exports what the service holds about the caller: profile, sessions and audit entries, no secrets', async () => {
    const me = await api.signedIn();
    await api.login(me.email, 'not my password at all');
    await api.patch('/api/v1/users/me', { first_name: 'Grace' }, me.headers);
    const response = await api.get('/api/v1/users/me/export', me.headers);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const data = response.json();
    expect(data.user).toMatchObject({ user_id: me.user_id, email: me.email, first_name: 'Grace' });
    expect(data.sessions).toEqual([expect.objectContaining({ family_id: expect.any(String), revoked_at: null })]);
    expect(data.audit.map((e: { action: string }) => e.action)).toEqual([
      'login.succeeded',
      'login.failed',
      'data.exported',
    ]);
    expect(response.body).not.toContain(me.refresh_token);
    expect(response.body).not.toMatch(/argon2|token_hash|password_hash/);
    // The other services' shares, asked for with the caller's own token (the e2e GDPR scenario fills them).
    expect(data).toMatchObject({ orders: [], payments: [], notifications: { contact: null, notifications: [] } });
    for (const peer of [peers.orders, peers.payments, peers.notifications]) {
      expect(peer.requests.at(-1)).toMatchObject({
        url: `/internal/v1/users/${me.user_id}/export`,
        headers: { authorization: me.headers.authorization },
      });
    }
  });

  /** Exports through a user service whose peers behave as given: the answer and how many exports were recorded. */
  async function exportWith(behaviours: Parameters<typeof startPeers>[0], env: Record<string, string> = {}) {
    const broken = await startPeers(behaviours);
    const users = await environment().start(userService, { ...broken.env, ...env });
    try {
      const other = client(users);
      const me = await other.signedIn();
      const before = Date.now();
      const response = await other.get('/api/v1/users/me/export', me.headers);
      const audit = await users.db.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'data.exported' AND target_user_id = $1`,
        [me.user_id],
      );
      return { response, ms: Date.now() - before, recorded: audit.rows[0].n as number };
    } finally {
      await users.stop();
      await broken.close();
    }
  }

  it('fails the export with 503 naming each service that cannot answer (down, slow, failing)', async () => {
    const { response, ms, recorded } = await exportWith(
      { 'payment-service': 'hangs', 'notification-service': 'fails' },
      { ORDER_SERVICE_URL: 'http://127.0.0.1:1' },
    );
    expect(response.statusCode).toBe(503);
    expect(ms).toBeLessThan(3000);
    expect(response.json().error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { services: ['order-service', 'payment-service', 'notification-service'] },
      request_id: expect.any(String),
    });
    expect(recorded).toBe(0);
  });

  it('names only the service that failed when the others answer', async () => {
    const { response, recorded } = await exportWith({ 'payment-service': 'fails' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.details).toEqual({ services: ['payment-service'] });
    expect(recorded).toBe(0);
  });

  it('erases: anonymises the account, revokes sessions, emits UserDeleted, audits it, and blocks sign-in', async () => {
    const me = await api.signedIn();
    await api.patch('/api/v1/users/me', { first_name: 'Grace', last_name: 'Hopper', phone: '+1 555 0100' }, me.headers);
    const response = await api.del('/api/v1/users/me', me.headers, { password: PASSWORD });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    const { rows } = await api.users.db.pool.query(
      'SELECT email, first_name, last_name, phone, status, password_hash FROM users WHERE user_id = $1',
      [me.user_id],
    );
    expect(rows[0]).toMatchObject({
      email: `deleted-${me.user_id}@invalid`,
      first_name: null,
      last_name: null,
      phone: null,
      status: 'deleted',
    });
    expect(rows[0].password_hash).not.toMatch(/^\$argon2/);
    const live = await api.users.db.pool.query(
      'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [me.user_id],
    );
    expect(live.rows[0].n).toBe(0);
    expect((await emittedEvents(api.users, me.user_id)).at(-1)).toEqual({
      type: 'com.shop.user.deleted.v1',
      subject: me.user_id,
      data: { user_id: me.user_id },
    });
    const audit = await api.users.db.pool.query(
      `SELECT actor_id FROM audit_log WHERE action = 'user.erased' AND target_user_id = $1`,
      [me.user_id],
    );
    expect(audit.rows).toEqual([{ actor_id: me.user_id }]);

    expect((await api.login(me.email)).statusCode).toBe(401);
    expect((await api.post('/api/v1/auth/refresh', { refresh_token: me.refresh_token })).statusCode).toBe(401);
    expect((await api.get('/api/v1/users/me', me.headers)).statusCode).toBe(401);
    expect((await api.del('/api/v1/users/me', me.headers, { password: PASSWORD })).statusCode).toBe(401);
    // The address is free again for a new account.
    expect(
      (await api.post('/api/v1/auth/register', { email: me.email, password: 'a brand new passphrase' })).statusCode,
    ).toBe(201);
  });
});
