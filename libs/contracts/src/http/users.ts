import { z } from 'zod';
import { IsoDateTime, Uuid } from '../events/common.js';

/**
 * The user service's HTTP contract (seed §3.2, §4.2.1, §7.3): registration, tokens, profiles,
 * the admin views and the GDPR export. snake_case JSON; a password hash never leaves the service.
 */

export const UserRole = z.enum(['customer', 'admin', 'support', 'partner']);
export type UserRole = z.infer<typeof UserRole>;
export const UserStatus = z.enum(['active', 'suspended', 'deleted']);
export type UserStatus = z.infer<typeof UserStatus>;

/** Lower-cased on the way in: one mailbox, one account, whatever the capitalisation. */
const Email = z.email().max(255).transform((e) => e.toLowerCase());
const Name = z.string().trim().min(1).max(100);
const Phone = z.string().trim().regex(/^\+?[0-9 ()-]{4,20}$/, 'a phone number: digits, spaces, ()- and an optional leading +').max(20);
/** Long passphrases are welcome; the bound only keeps hashing cheap to refuse. */
const Password = z.string().min(12, 'at least 12 characters').max(256);

export const RegisterBody = z
  .object({ email: Email, password: Password, first_name: Name.optional(), last_name: Name.optional() })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

/** Refresh and logout both present the refresh token (43 base64url characters of 32 random bytes). */
export const RefreshTokenBody = z.object({ refresh_token: z.string().min(1).max(512) }).strict();
export type RefreshTokenBody = z.infer<typeof RefreshTokenBody>;

export const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
  refresh_token: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const UserResponse = z.object({
  user_id: Uuid,
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  role: UserRole,
  status: UserStatus,
  email_verified: z.boolean(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  last_login_at: IsoDateTime.nullable(),
});
export type UserResponse = z.infer<typeof UserResponse>;

/** Any subset of the profile fields, at least one; `null` clears a field. */
export const UpdateMeBody = z
  .object({ first_name: Name.nullable(), last_name: Name.nullable(), phone: Phone.nullable() })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const ChangeRoleBody = z.object({ role: UserRole }).strict();
export type ChangeRoleBody = z.infer<typeof ChangeRoleBody>;

export const UserIdParams = z.object({ id: Uuid }).strict();
export type UserIdParams = z.infer<typeof UserIdParams>;

const Limit = z.coerce.number().int().min(1).max(100).default(20);
const Cursor = z.string().min(1).max(512);
const CursorPage = z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() });

export const ListUsersQuery = z.object({ role: UserRole.optional(), status: UserStatus.optional(), limit: Limit, cursor: Cursor.optional() }).strict();
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UserListResponse = z.object({ data: z.array(UserResponse), pagination: CursorPage });
export type UserListResponse = z.infer<typeof UserListResponse>;

export const AuditAction = z.enum(['login.succeeded', 'login.failed', 'role.changed', 'data.exported', 'user.erased']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntryResponse = z.object({
  audit_id: Uuid,
  at: IsoDateTime,
  action: AuditAction,
  /** Who acted; null for a failed login nobody could be identified for. */
  actor_id: Uuid.nullable(),
  /** The account acted upon. */
  target_user_id: Uuid.nullable(),
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const ListAuditQuery = z
  .object({ action: AuditAction.optional(), user_id: Uuid.optional(), limit: Limit, cursor: Cursor.optional() })
  .strict();
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

export const AuditListResponse = z.object({ data: z.array(AuditEntryResponse), pagination: CursorPage });
export type AuditListResponse = z.infer<typeof AuditListResponse>;

/** GDPR Art. 15/20: everything the user service holds about the caller. */
export const UserExportResponse = z.object({
  exported_at: IsoDateTime,
  user: UserResponse,
  sessions: z.array(z.object({ family_id: Uuid, created_at: IsoDateTime, expires_at: IsoDateTime, revoked_at: IsoDateTime.nullable() })),
  audit: z.array(AuditEntryResponse),
});
export type UserExportResponse = z.infer<typeof UserExportResponse>;

/** RFC 7517 key set of the RS256 keys that sign (and recently signed) access tokens. */
export const JsonWebKeySet = z.object({
  keys: z.array(
    z.object({ kty: z.literal('RSA'), kid: z.string(), use: z.literal('sig'), alg: z.literal('RS256'), n: z.string(), e: z.string() }),
  ),
});
export type JsonWebKeySet = z.infer<typeof JsonWebKeySet>;
