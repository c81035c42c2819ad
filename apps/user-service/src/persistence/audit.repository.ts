import { Prisma } from '../generated/prisma/client.js';
import type { ServiceName } from '@shop/contracts';
import type { AuditAction, AuditEntry, AuditTarget } from '../domain/audit.js';
import type { AuditLog } from '../domain/ports.js';
import { isoMicros, type UserDb } from './transaction.js';

interface AuditRow {
  auditId: string;
  at: Date;
  action: string;
  actorId: string | null;
  targetUserId: string | null;
  requestId: string | null;
  details: Prisma.JsonValue;
  service: string;
  targetType: string | null;
  targetId: string | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
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

const auditColumns = Prisma.raw(`
  audit_id AS "auditId", at, action, actor_id AS "actorId", target_user_id AS "targetUserId", request_id AS "requestId", details,
  service, target_type AS "targetType", target_id AS "targetId", ${isoMicros('at')} AS "position"`);

/** The append-only audit trail: insert and read, nothing else (the table's trigger refuses the rest). */
export function auditLog(db: UserDb): AuditLog {
  return {
    async append(e) {
      await db.auditLog.create({
        data: {
          action: e.action,
          actorId: e.actorId,
          targetUserId: e.targetUserId,
          requestId: e.requestId,
          details: e.details as Prisma.InputJsonObject,
          ...(e.service ? { service: e.service } : {}),
          ...(e.target ? { targetType: e.target.type, targetId: e.target.id } : {}),
          ...(e.at ? { at: e.at } : {}),
        },
      });
    },

    async page(filter, after, limit) {
      const conditions: Prisma.Sql[] = [];
      if (filter.service !== undefined) conditions.push(Prisma.sql`service = ${filter.service}`);
      if (filter.action !== undefined) conditions.push(Prisma.sql`action = ${filter.action}`);
      if (filter.targetType !== undefined) conditions.push(Prisma.sql`target_type = ${filter.targetType}`);
      if (filter.targetId !== undefined) conditions.push(Prisma.sql`target_id = ${filter.targetId}`);
      if (filter.userId !== undefined) conditions.push(Prisma.sql`(actor_id = ${filter.userId}::uuid OR target_user_id = ${filter.userId}::uuid)`);
      if (after) conditions.push(Prisma.sql`(at, audit_id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
      const rows = await db.$queryRaw<(AuditRow & { position: string })[]>`
        SELECT ${auditColumns} FROM audit_log ${where} ORDER BY at DESC, audit_id DESC LIMIT ${limit + 1}`;
      const pageRows = rows.slice(0, limit);
      const last = pageRows.at(-1);
      return { items: pageRows.map(toEntry), next: rows.length > limit && last ? { at: last.position, id: last.auditId } : null };
    },

    async about(userId) {
      const rows = await db.auditLog.findMany({ where: { OR: [{ actorId: userId }, { targetUserId: userId }] }, orderBy: [{ at: 'asc' }, { auditId: 'asc' }] });
      return rows.map(toEntry);
    },
  };
}
