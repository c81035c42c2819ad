import { z } from 'zod';
import type { UserHttp } from '@shop/contracts';
import { decodeCursor, encodeCursor } from '@shop/http';
import type { AuditEntry } from '../domain/audit.js';
import type { Page, Position } from '../domain/ports.js';
import type { User } from '../domain/user.js';

/** Domain → the API's snake_case shapes; cursors are opaque keyset positions (seed §3.8). */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const toUserResponse = (u: User): UserHttp.UserResponse => ({
  user_id: u.userId,
  email: u.email,
  first_name: u.firstName,
  last_name: u.lastName,
  phone: u.phone,
  role: u.role,
  tier: u.tier,
  status: u.status,
  email_verified: u.emailVerified,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
  last_login_at: iso(u.lastLoginAt),
});

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

const CursorPosition = z.object({ at: z.iso.datetime(), id: z.uuid() });

export const decodePosition = (cursor: string | undefined): Position | null => (cursor ? decodeCursor(cursor, CursorPosition) : null);

export const toPage = <T, R>(page: Page<T>, map: (item: T) => R) => ({
  data: page.items.map(map),
  pagination: { next_cursor: page.next ? encodeCursor({ at: page.next.at, id: page.next.id }) : null, has_more: page.next !== null },
});
