import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, deadLetterTopic, namespacedTopic, Topics } from '@shop/contracts';
import { readMessages } from '@shop/messaging/testing';
import type { TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { report, stockAdjusted } from '../test-support/audit-events.js';
import { startUserService, type UserUnderTest } from '../test-support/user-harness.js';
import { AUDIT_TRAIL_CONSUMER } from './audit.subscriptions.js';

describe('audit trail consumer (audit.events → audit_log)', () => {
  let env: TestEnvironment;
  let users: UserUnderTest;
  const rowsAbout = async (targetId: string) =>
    (
      await users.db.pool.query(
        `SELECT service, action, actor_id, target_user_id, target_type, target_id, request_id, at, details
           FROM audit_log WHERE target_id = $1`,
        [targetId],
      )
    ).rows;
  const consumed = (eventId: string) =>
    eventually(async () => {
      const { rows } = await users.db.pool.query(
        `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`,
        [AUDIT_TRAIL_CONSUMER, eventId],
      );
      expect(rows).toHaveLength(1);
    });

  beforeAll(async () => {
    ({ env, users } = await startUserService());
  });
  afterAll(() => env.stop());

  it('appends a reported operation once, with its own time, actor and request, even when delivered twice', async () => {
    const data = stockAdjusted();
    const event = await report(users, data);
    await consumed(event.id);
    await report(users, data, event.id);
    // A later event on the same partition (same key) is handled after the redelivery.
    const marker = await report(
      users,
      stockAdjusted({ target_id: data.target_id, action: 'product.updated', details: {} }),
    );
    await consumed(marker.id);

    const rows = (await rowsAbout(data.target_id)).filter((r) => r.action === 'stock.adjusted');
    expect(rows).toEqual([
      {
        service: 'inventory-service',
        action: 'stock.adjusted',
        actor_id: data.actor_id,
        target_user_id: null,
        target_type: 'product',
        target_id: data.target_id,
        request_id: data.request_id,
        at: new Date(data.at),
        details: { ...data.details, actor_roles: ['admin'] },
      },
    ]);
  });

  it('keeps a saga step with no actor and no request', async () => {
    const data = stockAdjusted({
      action: 'payment.refunded',
      service: 'payment-service',
      target_type: 'payment',
      actor_id: null,
      request_id: null,
      details: { initiated_by: 'saga' },
    });
    delete (data as { actor_roles?: unknown }).actor_roles;
    await consumed((await report(users, data)).id);
    expect(await rowsAbout(data.target_id)).toEqual([
      expect.objectContaining({
        service: 'payment-service',
        actor_id: null,
        request_id: null,
        details: { initiated_by: 'saga' },
      }),
    ]);
  });

  it('dead-letters an event that breaks the contract, and appends nothing for it', async () => {
    const bad = { ...stockAdjusted(), action: 'tables.dropped' } as unknown as ReturnType<typeof stockAdjusted>;
    const event = await report(users, bad);
    const [dead] = await readMessages(
      users.infra.kafka,
      deadLetterTopic(namespacedTopic(Topics.audit, env.namespace)),
      1,
    );
    expect(dead!.headers!.ce_id!.toString()).toBe(event.id);
    expect(dead!.headers!.dlq_reason!.toString()).toBe('rejected');
    expect(dead!.headers!.dlq_error!.toString()).toContain(AuditEvents.AuditRecorded.type);
    expect(await rowsAbout(bad.target_id)).toEqual([]);
  });

  it("keeps reported entries append-only: UPDATE and DELETE are refused, even on the service's own pool", async () => {
    const data = stockAdjusted();
    await consumed((await report(users, data)).id);
    await expect(
      users.infra.pool.query(`UPDATE audit_log SET target_id = $1 WHERE target_id = $2`, [
        randomUUID(),
        data.target_id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      users.infra.pool.query(`DELETE FROM audit_log WHERE target_id = $1`, [data.target_id]),
    ).rejects.toThrow(/append-only/);
    expect(await rowsAbout(data.target_id)).toHaveLength(1);
  });
});
