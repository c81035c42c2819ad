/** AuditRecorded events as inventory, order and payment publish them, for the audit-trail tests. */
import { randomUUID } from 'node:crypto';
import { AuditEvents, type EventPayload } from '@shop/contracts';
import { publishEvent } from '@shop/service-testing';
import type { UserUnderTest } from './user-harness.js';

export type AuditRecorded = EventPayload<typeof AuditEvents.AuditRecorded>;

export const stockAdjusted = (overrides: Partial<AuditRecorded> = {}): AuditRecorded => ({
  action: 'stock.adjusted',
  actor_id: randomUUID(),
  actor_roles: ['admin'],
  target_type: 'product',
  target_id: randomUUID(),
  request_id: `req_${randomUUID()}`,
  at: new Date(Date.now() - 60_000).toISOString(),
  service: 'inventory-service',
  details: { delta: -3, reason: 'damaged in transit', previous_on_hand: 10, on_hand: 7 },
  ...overrides,
});

/** Publishes onto the environment's audit.events, keyed by the target, as the reporter's outbox relay would. */
export const report = (users: UserUnderTest, data: AuditRecorded, id?: string) =>
  publishEvent(users, AuditEvents.AuditRecorded, data, {
    subject: data.target_id,
    source: data.service,
    ...(id ? { id } : {}),
  });
