import { Filters, keysetPage, newestFirst, type Sql } from '@shop/persistence';
import type { AuditLog } from '../domain/audit.port.js';
import { auditColumns, toEntry, type AuditRow } from './audit.mapper.js';

/** The append-only audit trail in SQL: insert and read, nothing else (the table's trigger refuses the rest). */
export function auditLog(sql: Sql): AuditLog {
  return {
    async append(e) {
      // The table's defaults: this service, and now, unless another service reported the entry.
      await sql.execute(
        `INSERT INTO audit_log
           (action, actor_id, target_user_id, request_id, details, service, target_type, target_id, at)
         VALUES ($1, $2, $3, $4, $5::jsonb, COALESCE($6::varchar, 'user-service'), $7, $8,
                 COALESCE($9::timestamptz, now()))`,
        e.action,
        e.actorId,
        e.targetUserId,
        e.requestId,
        JSON.stringify(e.details),
        e.service ?? null,
        e.target?.type ?? null,
        e.target?.id ?? null,
        e.at ?? null,
      );
    },

    async page(filter, after, limit) {
      const filters = new Filters()
        .add((p) => `service = ${p}`, filter.service)
        .add((p) => `action = ${p}`, filter.action)
        .add((p) => `target_type = ${p}`, filter.targetType)
        .add((p) => `target_id = ${p}`, filter.targetId)
        .add((p) => `(actor_id = ${p}::uuid OR target_user_id = ${p}::uuid)`, filter.userId);
      const order = newestFirst('at', 'audit_id');
      return keysetPage(sql, { select: auditColumns, from: 'audit_log', ...filters, ...order, after, limit }, toEntry);
    },

    async about(userId) {
      const rows = await sql.query<AuditRow>(
        `SELECT ${auditColumns} FROM audit_log WHERE actor_id = $1::uuid OR target_user_id = $1::uuid
          ORDER BY at ASC, audit_id ASC`,
        userId,
      );
      return rows.map(toEntry);
    },
  };
}
