import type { ServiceName } from '@shop/contracts';
import type { AuditAction, AuditEntry, AuditTarget } from '../domain/audit.js';

/** An audit_log row as this service reads it. */
export interface AuditRow {
  readonly auditId: string;
  readonly at: Date;
  readonly action: string;
  readonly actorId: string | null;
  readonly targetUserId: string | null;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly service: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
}

/** The select list that reads an AuditRow. */
export const auditColumns = `audit_id AS "auditId", at, action, actor_id AS "actorId", target_user_id AS "targetUserId",
  request_id AS "requestId", details, service, target_type AS "targetType", target_id AS "targetId"`;

/** Persistence → domain: the CHECK constraints guarantee the action and a whole target or none. */
export const toEntry = (r: AuditRow): AuditEntry => ({
  auditId: r.auditId,
  at: r.at,
  action: r.action as AuditAction,
  actorId: r.actorId,
  targetUserId: r.targetUserId,
  requestId: r.requestId,
  details: (r.details ?? {}) as Record<string, unknown>,
  service: r.service as ServiceName,
  target: r.targetType && r.targetId ? { type: r.targetType as AuditTarget['type'], id: r.targetId } : null,
});
