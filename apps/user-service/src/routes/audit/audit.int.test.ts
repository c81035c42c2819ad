import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { asAdmin, client, startUserService, type Client } from '../../test-support/user-harness.js';

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
      const response = await api.get(`/api/v1/audit?user_id=${me.user_id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, asAdmin());
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

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, even for the owner', async () => {
    await api.signedIn();
    const before = (await api.users.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    await expect(api.users.db.pool.query(`UPDATE audit_log SET action = 'login.succeeded'`)).rejects.toThrow(/append-only/);
    await expect(api.users.db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(api.users.db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // The service's own role, through its own pool, is refused too.
    await expect(api.users.infra.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await api.users.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(before);
  });
});
