import type { UserHttp } from '@shop/contracts';
import type { AuditEntry } from '../domain/audit.js';

export const toAuditResponse = (e: AuditEntry): UserHttp.AuditEntryResponse => ({
  audit_id: e.auditId,
  at: e.at.toISOString(),
  action: e.action,
  service: e.service,
  actor_id: e.actorId,
  target_user_id: e.targetUserId,
  target_type: e.target?.type ?? null,
  target_id: e.target?.id ?? null,
  request_id: e.requestId,
  details: e.details,
});
