import { AuditEvents } from '@shop/contracts';
import { exactlyOnce, on, type Subscription } from '@shop/messaging';
import type { Transactions } from '@shop/persistence';
import { auditRecordedConsumer } from './audit-recorded.consumer.js';

/** The inbox name of the audit-trail consumer: its processed_events rows. */
export const AUDIT_TRAIL_CONSUMER = 'audit-trail';

/** audit.events → the append-only audit_log, once per event however often it is delivered. */
export function auditSubscriptions(transactions: Transactions): Subscription[] {
  return [on(AuditEvents.AuditRecorded, exactlyOnce(AUDIT_TRAIL_CONSUMER, transactions, auditRecordedConsumer))];
}
