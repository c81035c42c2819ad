import { AuditEvents, type EventPayload } from '@shop/contracts';
import { exactlyOnce, on, type CloudEvent, type RunInTransaction, type Subscription } from '@shop/messaging';
import { auditLog } from '../persistence/audit.repository.js';
import type { UserPrisma } from '../persistence/prisma.js';
import type { UserDb } from '../persistence/transaction.js';

type AuditRecorded = EventPayload<typeof AuditEvents.AuditRecorded>;

/** The inbox name of the audit-trail consumer: its processed_events rows. */
export const AUDIT_TRAIL_CONSUMER = 'audit-trail';

/** An operation another service reported, appended as it happened there (its time, its actor, its request). */
async function appendReported(tx: UserDb, event: CloudEvent<AuditRecorded>): Promise<void> {
  const e = event.data;
  await auditLog(tx).append({
    action: e.action,
    actorId: e.actor_id,
    targetUserId: null,
    requestId: e.request_id,
    details: { ...e.details, ...(e.actor_roles ? { actor_roles: e.actor_roles } : {}) },
    service: e.service,
    target: { type: e.target_type, id: e.target_id },
    at: new Date(e.at),
  });
}

/**
 * audit.events → the append-only audit_log, once per event however often it is delivered (the
 * entry and the inbox row commit together). A payload that breaks the contract is dead-lettered
 * by the consumer before it gets here.
 */
export function auditTrailSubscriptions(prisma: UserPrisma): Subscription[] {
  const inTransaction: RunInTransaction<UserDb> = (work) => prisma.$transaction(work);
  return [on(AuditEvents.AuditRecorded, exactlyOnce(AUDIT_TRAIL_CONSUMER, inTransaction, appendReported))];
}
