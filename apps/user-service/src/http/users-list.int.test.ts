import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKeysetCursor } from '@shop/http';
import type { TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import { asAdmin, client, startUserService, type Client } from '../test-support/user-harness.js';

describe('users list: keyset pages', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  it('sees every account once when several were created in the same millisecond', async () => {
    const created: string[] = [];
    for (let micro = 1; micro <= 5; micro++) {
      const { rows } = await api.users.db.pool.query(
        `INSERT INTO users (email, password_hash, role, status, created_at) VALUES ($1, 'x', 'partner', 'suspended', $2)
         RETURNING user_id`,
        [`same-ms-${micro}.${randomUUID().slice(0, 8)}@example.com`, `2026-01-01T00:00:00.12300${micro}Z`],
      );
      created.push(rows[0].user_id);
    }
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `role=partner&status=suspended&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await api.get(`/api/v1/users?${query}`, asAdmin());
      expect(response.statusCode).toBe(200);
      const page: { data: { user_id: string }[]; pagination: { next_cursor: string | null } } = response.json();
      walked.push(...page.data.map((u) => u.user_id));
      cursor = page.pagination.next_cursor;
    } while (cursor);
    expect(walked).toEqual([...created].reverse());
  });

  it('refuses a cursor whose time lost its microseconds (400 VALIDATION_ERROR)', async () => {
    const cursor = encodeKeysetCursor({ value: '2026-01-01T00:00:00.123Z', id: randomUUID() });
    const response = await api.get(`/api/v1/users?cursor=${cursor}`, asAdmin());
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 403 to support asking for admin accounts, whatever the cursor', async () => {
    const support = bearer(signAccessToken({ sub: randomUUID(), roles: ['support'] }));
    for (const cursor of ['garbage', encodeKeysetCursor({ value: '2026-01-01T00:00:00.123Z', id: randomUUID() })]) {
      const response = await api.get(`/api/v1/users?role=admin&cursor=${cursor}`, support);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    const allowed = await api.get(`/api/v1/users?role=customer&cursor=garbage`, support);
    expect(allowed.statusCode).toBe(400);
  });
});
