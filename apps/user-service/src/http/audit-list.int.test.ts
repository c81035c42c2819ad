import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKeysetCursor } from '@shop/http';
import type { TestEnvironment } from '@shop/service-testing';
import { asAdmin, client, startUserService, type Client } from '../test-support/user-harness.js';

describe('audit list: keyset pages', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  it('sees every entry once when several happened in the same millisecond', async () => {
    const order = randomUUID();
    const recorded: string[] = [];
    for (let micro = 1; micro <= 5; micro++) {
      const { rows } = await api.users.db.pool.query(
        `INSERT INTO audit_log (action, service, target_type, target_id, at)
         VALUES ('order.cancelled', 'order-service', 'order', $1, $2) RETURNING audit_id`,
        [order, `2026-01-01T00:00:00.12300${micro}Z`],
      );
      recorded.push(rows[0].audit_id);
    }
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `target_id=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await api.get(`/api/v1/audit?${query}`, asAdmin());
      expect(response.statusCode).toBe(200);
      const page: { data: { audit_id: string }[]; pagination: { next_cursor: string | null } } = response.json();
      walked.push(...page.data.map((e) => e.audit_id));
      cursor = page.pagination.next_cursor;
    } while (cursor);
    expect(walked).toEqual([...recorded].reverse());
  });

  it('refuses a cursor whose time lost its microseconds, or that is not a cursor (400 VALIDATION_ERROR)', async () => {
    for (const cursor of [encodeKeysetCursor({ value: '2026-01-01T00:00:00.123Z', id: randomUUID() }), 'garbage']) {
      const response = await api.get(`/api/v1/audit?cursor=${cursor}`, asAdmin());
      expect(response.statusCode, cursor).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
  });
});
