import type { UserHttp } from '@shop/contracts';
import type { UserExport } from '../application/export-user-data.js';
import type { User } from '../domain/user.js';
import { toAuditResponse } from './audit.response.js';

/** Domain → the API's snake_case shapes. */

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

export const toExportResponse = (data: UserExport, exportedAt: Date): UserHttp.UserExportResponse => ({
  exported_at: exportedAt.toISOString(),
  user: toUserResponse(data.user),
  sessions: data.sessions.map((s) => ({
    family_id: s.familyId,
    created_at: s.createdAt.toISOString(),
    expires_at: s.expiresAt.toISOString(),
    revoked_at: iso(s.revokedAt),
  })),
  audit: data.audit.map(toAuditResponse),
  orders: data.orders,
  payments: data.payments,
  notifications: data.notifications,
});
