/**
 * AuditRecorded (audit.events) → one append-only audit_log entry, as the operation happened in the
 * service that reported it: its time, its actor, its request. The entry and the inbox row commit
 * together, so a redelivery appends nothing. Nothing undoes it: the trail is evidence, and the
 * table refuses every UPDATE and DELETE; a payload that breaks the contract is dead-lettered by
 * the consumer before it gets here.
 */
import type { AuditEvents, EventPayload } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { auditLog } from '../persistence/audit.repository.js';

type AuditRecorded = EventPayload<typeof AuditEvents.AuditRecorded>;

export async function auditRecordedConsumer(tx: Sql, event: CloudEvent<AuditRecorded>): Promise<void> {
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
