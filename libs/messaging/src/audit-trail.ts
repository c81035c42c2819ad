import { AuditEvents, type EventPayload, type ServiceName } from '@shop/contracts';
import type { CloudEvent } from './cloud-event.js';
import type { OutboxEvent, OutboxWriter, PreparedOutboxEvent } from './outbox.js';
import type { Sql } from '@shop/persistence';

type AuditRecorded = EventPayload<typeof AuditEvents.AuditRecorded>;
type ActorRole = NonNullable<AuditRecorded['actor_roles']>[number];

/** Who acted, as the request's verified access token says (libs/http `callerOf` gives one). */
interface AuditActor {
  readonly userId: string;
  readonly roles?: readonly ActorRole[];
}

/** Who made a change and in which request (libs/http `auditContextOf` gives one for an HTTP request). */
interface AuditContext {
  /** null when the platform acted on its own: a saga step nobody asked for over HTTP. */
  readonly actor: AuditActor | null;
  /** The HTTP request that made the change; null for a saga step. */
  readonly requestId: string | null;
}

/** A change someone asked for over HTTP: who and which request are known. */
export interface RequestAudit extends AuditContext {
  readonly actor: AuditActor;
  readonly requestId: string;
}

interface AuditRecord extends AuditContext {
  readonly action: AuditEvents.AuditedAction;
  readonly target: { readonly type: AuditEvents.AuditTargetType; readonly id: string };
  readonly details: Record<string, unknown>;
  readonly at?: Date;
}

/**
 * Puts one sensitive operation on the audit trail through the service's outbox, inside the
 * transaction that makes the change: no change without its record, no record without the change.
 * The user service appends it to the platform's append-only audit log.
 */
export function recordAudit(outbox: OutboxWriter, tx: Sql, record: AuditRecord): Promise<CloudEvent<AuditRecorded>> {
  return outbox.add(tx, AuditEvents.AuditRecorded, auditEvent(outbox.source, record));
}

/** The same record as an event ready for the outbox, for a statement that writes it with the change (outboxInsert). */
export function prepareAudit(outbox: OutboxWriter, record: AuditRecord): PreparedOutboxEvent<AuditRecorded> {
  return outbox.prepare(AuditEvents.AuditRecorded, auditEvent(outbox.source, record));
}

function auditEvent(source: string, record: AuditRecord): OutboxEvent<AuditRecorded> {
  return {
    subject: record.target.id,
    data: {
      action: record.action,
      actor_id: record.actor?.userId ?? null,
      ...(record.actor?.roles ? { actor_roles: [...record.actor.roles] } : {}),
      target_type: record.target.type,
      target_id: record.target.id,
      request_id: record.requestId,
      at: (record.at ?? new Date()).toISOString(),
      service: source as ServiceName,
      details: record.details,
    },
  };
}
