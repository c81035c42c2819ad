import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emittedEvents, type TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import {
  asAdmin,
  client,
  countRows,
  startUserService,
  uniqueEmail,
  type Client,
} from '../test-support/user-harness.js';

describe('users API', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  describe('the caller’s own account', () => {
    it('reads and changes the profile, emitting UserUpdated', async () => {
      const me = await api.signedIn();
      const read = await api.get('/api/v1/users/me', me.headers);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        user_id: me.user_id,
        email: me.email,
        role: 'customer',
        last_login_at: expect.any(String),
      });

      const changed = await api.patch(
        '/api/v1/users/me',
        { first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000' },
        me.headers,
      );
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000' });
      expect((await api.patch('/api/v1/users/me', { phone: null }, me.headers)).json()).toMatchObject({
        first_name: 'Ada',
        phone: null,
      });
      const events = await emittedEvents(api.users, me.user_id);
      expect(events.map((e) => e.type)).toEqual([
        'com.shop.user.registered.v1',
        'com.shop.user.updated.v1',
        'com.shop.user.updated.v1',
      ]);
      expect(events[1]!.data).toEqual({
        user_id: me.user_id,
        email: me.email,
        first_name: 'Ada',
        last_name: 'Lovelace',
        role: 'customer',
      });
    });

    it.each([
      ['an empty body', {}],
      ['an unknown field', { email: 'new@example.com' }],
      ['a bad phone', { phone: 'call me maybe' }],
      ['an overlong name', { first_name: 'x'.repeat(101) }],
    ])('rejects %s with 400 VALIDATION_ERROR and writes nothing', async (_label, body) => {
      const me = await api.signedIn();
      const outbox = await countRows(api.users, 'outbox');
      const response = await api.patch('/api/v1/users/me', body, me.headers);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
      expect(await countRows(api.users, 'outbox')).toBe(outbox);
      expect((await api.get('/api/v1/users/me', me.headers)).json()).toMatchObject({ first_name: null, phone: null });
    });

    it('needs a valid token: 401 without one, with a forged one, or for an account that does not exist', async () => {
      expect((await api.get('/api/v1/users/me')).statusCode).toBe(401);
      expect((await api.get('/api/v1/users/me', { authorization: 'Bearer not.a.token' })).json().error.code).toBe(
        'UNAUTHORIZED',
      );
      expect((await api.get('/api/v1/users/me', bearer(signAccessToken({ roles: ['customer'] })))).statusCode).toBe(
        401,
      );
    });
  });

  describe('admin', () => {
    it('keeps the admin routes from customers (403) and from anonymous callers (401)', async () => {
      const me = await api.signedIn();
      for (const [method, url, payload] of [
        ['GET', '/api/v1/users', undefined],
        ['PATCH', `/api/v1/users/${me.user_id}/role`, { role: 'admin' }],
        ['GET', '/api/v1/audit', undefined],
      ] as const) {
        const anonymous = await api.users.app.inject({ method, url, ...(payload ? { payload } : {}) });
        expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
        const customer = await api.users.app.inject({
          method,
          url,
          headers: me.headers,
          ...(payload ? { payload } : {}),
        });
        expect(customer.statusCode, `${method} ${url}`).toBe(403);
        expect(customer.json().error.code).toBe('FORBIDDEN');
      }
      expect((await api.get('/api/v1/users/me', me.headers)).json().role).toBe('customer');
    });

    it('lists accounts newest first, filtered, walking every page with cursors', async () => {
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await api.register(uniqueEmail(`page${i}`))).user_id);
      await api.users.db.pool.query(`UPDATE users SET role = 'partner' WHERE user_id = ANY($1::uuid[])`, [created]);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await api.get(
          `/api/v1/users?role=partner&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          asAdmin(),
        );
        expect(response.statusCode).toBe(200);
        const page = response.json();
        walked.push(...page.data.map((u: { user_id: string }) => u.user_id));
        expect(page.data.every((u: { role: string }) => u.role === 'partner')).toBe(true);
        cursor = page.pagination.next_cursor;
        expect(page.pagination.has_more).toBe(cursor !== null);
      } while (cursor);
      expect(walked).toEqual([...created].reverse());
      expect((await api.get('/api/v1/users?status=deleted&role=partner', asAdmin())).json().data).toEqual([]);
      expect((await api.get('/api/v1/users?cursor=garbage', asAdmin())).statusCode).toBe(400);
      expect((await api.get('/api/v1/users?role=root', asAdmin())).statusCode).toBe(400);
    });

    it('lets support look customer accounts up, and only those (view users: limited)', async () => {
      const customer = await api.register(uniqueEmail('looked-up'));
      const partner = await api.register(uniqueEmail('partner'));
      await api.users.db.pool.query(`UPDATE users SET role = 'partner' WHERE user_id = $1`, [partner.user_id]);
      const support = bearer(signAccessToken({ roles: ['support'] }));
      const listed = await api.get('/api/v1/users?limit=100', support);
      expect(listed.statusCode).toBe(200);
      const ids = listed.json().data.map((u: { user_id: string }) => u.user_id);
      expect(ids).toContain(customer.user_id);
      expect(ids).not.toContain(partner.user_id);
      expect(listed.json().data.every((u: { role: string }) => u.role === 'customer')).toBe(true);
      for (const role of ['partner', 'support', 'admin']) {
        const staff = await api.get(`/api/v1/users?role=${role}`, support);
        expect(staff.statusCode, role).toBe(403);
        expect(staff.json().error.code).toBe('FORBIDDEN');
      }
      expect(
        (await api.get('/api/v1/users?role=partner', asAdmin())).json().data.map((u: { user_id: string }) => u.user_id),
      ).toContain(partner.user_id);
      expect((await api.patch(`/api/v1/users/${customer.user_id}/role`, { role: 'partner' }, support)).statusCode).toBe(
        403,
      );
      expect((await api.get('/api/v1/audit', support)).statusCode).toBe(403);
    });

    it('changes a role: audited, announced with UserUpdated, and carried by the next tokens', async () => {
      const target = await api.signedIn();
      const adminId = randomUUID();
      const response = await api.patch(`/api/v1/users/${target.user_id}/role`, { role: 'support' }, asAdmin(adminId));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ user_id: target.user_id, role: 'support' });
      expect((await emittedEvents(api.users, target.user_id)).at(-1)).toMatchObject({
        type: 'com.shop.user.updated.v1',
        data: { role: 'support' },
      });
      const audit = await api.users.db.pool.query(
        `SELECT actor_id, details FROM audit_log WHERE action = 'role.changed' AND target_user_id = $1`,
        [target.user_id],
      );
      expect(audit.rows).toEqual([{ actor_id: adminId, details: { from: 'customer', to: 'support' } }]);
      const refreshed = (await api.post('/api/v1/auth/refresh', { refresh_token: target.refresh_token })).json();
      expect(JSON.parse(Buffer.from(refreshed.access_token.split('.')[1], 'base64url').toString()).roles).toEqual([
        'support',
      ]);
    });

    it('refuses an unknown user (404), a bad role (400) and an admin changing their own role (403)', async () => {
      expect((await api.patch(`/api/v1/users/${randomUUID()}/role`, { role: 'admin' }, asAdmin())).statusCode).toBe(
        404,
      );
      const target = await api.register();
      expect((await api.patch(`/api/v1/users/${target.user_id}/role`, { role: 'root' }, asAdmin())).statusCode).toBe(
        400,
      );
      expect((await api.patch(`/api/v1/users/not-a-uuid/role`, { role: 'admin' }, asAdmin())).statusCode).toBe(400);
      const self = await api.patch(
        `/api/v1/users/${target.user_id}/role`,
        { role: 'customer' },
        asAdmin(target.user_id),
      );
      expect(self.statusCode).toBe(403);
    });
  });
});
