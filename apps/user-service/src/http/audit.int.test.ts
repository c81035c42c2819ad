import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import { report, stockAdjusted } from '../test-support/audit-events.js';
import { asAdmin, client, startUserService, type Client } from '../test-support/user-harness.js';

describe('audit trail', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  it('lists entries newest first for admins, filtered, across cursor pages', async () => {
    const me = await api.signedIn();
    for (let i = 0; i < 3; i++) await api.login(me.email, `wrong password #${i}`);
    const walked: { action: string; target_user_id: string; request_id: string }[] = [];
    let cursor: string | null = null;
    do {
      const response = await api.get(
        `/api/v1/audit?user_id=${me.user_id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        asAdmin(),
      );
      expect(response.statusCode).toBe(200);
      walked.push(...response.json().data);
      cursor = response.json().pagination.next_cursor;
    } while (cursor);
    expect(walked.map((e) => e.action)).toEqual(['login.failed', 'login.failed', 'login.failed', 'login.succeeded']);
    expect(walked.every((e) => e.target_user_id === me.user_id && e.request_id.startsWith('req_'))).toBe(true);
    const failed = (await api.get(`/api/v1/audit?action=login.failed&user_id=${me.user_id}`, asAdmin())).json().data;
    expect(failed).toHaveLength(3);
    expect((await api.get('/api/v1/audit?action=dropped.tables', asAdmin())).statusCode).toBe(400);
  });

  it('shows what the other services reported, filtered by service, action and target', async () => {
    const product = randomUUID();
    const order = randomUUID();
    const adjusted = stockAdjusted({ target_id: product });
    const cancelled = stockAdjusted({
      action: 'order.cancelled',
      service: 'order-service',
      target_type: 'order',
      target_id: order,
      actor_roles: ['support'],
      at: new Date().toISOString(),
      details: { from: 'confirmed', reason: 'support_request', cancelled_by: 'support' },
    });
    await report(api.users, adjusted);
    await report(api.users, cancelled);
    const list = (query: string) => api.get(`/api/v1/audit?${query}`, asAdmin());
    await eventually(async () => expect((await list(`target_id=${order}`)).json().data).toHaveLength(1));

    expect((await list(`target_type=product&target_id=${product}`)).json().data).toEqual([
      {
        audit_id: expect.any(String),
        at: adjusted.at,
        action: 'stock.adjusted',
        service: 'inventory-service',
        actor_id: adjusted.actor_id,
        target_user_id: null,
        target_type: 'product',
        target_id: product,
        request_id: adjusted.request_id,
        details: { ...adjusted.details, actor_roles: ['admin'] },
      },
    ]);
    const ofOrders = (await list('service=order-service&action=order.cancelled&limit=100')).json().data;
    expect(ofOrders.map((e: { target_id: string }) => e.target_id)).toContain(order);
    expect(
      ofOrders.every(
        (e: { service: string; action: string }) => e.service === 'order-service' && e.action === 'order.cancelled',
      ),
    ).toBe(true);
    expect((await list(`service=inventory-service&target_id=${order}`)).json().data).toEqual([]);
    // Who acted is a user filter too: the admin's adjustment shows under their id.
    expect(
      (await list(`user_id=${adjusted.actor_id}`)).json().data.map((e: { target_id: string }) => e.target_id),
    ).toEqual([product]);
    for (const bad of ['service=billing-service', 'target_type=invoice', 'action=coffee.made'])
      expect((await list(bad)).statusCode, bad).toBe(400);
  });

  it('is for admins only: 403 for a customer or support, 401 without a token', async () => {
    for (const role of ['customer', 'support'] as const) {
      const response = await api.get('/api/v1/audit?service=order-service', bearer(signAccessToken({ roles: [role] })));
      expect(response.statusCode, role).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect((await api.get('/api/v1/audit')).statusCode).toBe(401);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, even for the owner', async () => {
    await api.signedIn();
    const before = (await api.users.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    await expect(api.users.db.pool.query(`UPDATE audit_log SET action = 'login.succeeded'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(api.users.db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(api.users.db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // The service's own role, through its own pool, is refused too.
    await expect(api.users.infra.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await api.users.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(before);
  });
});
