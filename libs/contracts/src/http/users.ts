import { z } from 'zod';
import { AuditedAction, AuditTargetType, PlatformService } from '../events/audit.events.js';
import { IsoDateTime, Uuid } from '../events/common.js';
import { NotificationResponse } from './notifications.js';
import { OrderResponse } from './orders.js';
import { PaymentResponse } from './payments.js';

/**
 * The user service's HTTP contract (docs/api.md): registration, tokens, profiles, roles and tiers,
 * the admin views and the GDPR export. snake_case JSON; a password hash never leaves the service.
 */

const UserRole = z.enum(['customer', 'admin', 'support', 'partner']);
export const UserStatus = z.enum(['active', 'suspended', 'deleted']);
export type UserStatus = z.infer<typeof UserStatus>;
/** Premium customers get the premium rate limits (the `tier` claim of their access token, docs/api.md). */
const UserTier = z.enum(['standard', 'premium', 'load']);

/** Lower-cased on the way in: one mailbox, one account, whatever the capitalisation. */
const Email = z
  .email()
  .max(255)
  .transform((e) => e.toLowerCase());
const Name = z.string().trim().min(1).max(100);
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{4,20}$/, 'a phone number: digits, spaces, ()- and an optional leading +')
  .max(20);
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
  tier: UserTier,
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

/** Erasure asks for the current password again: a stolen access token alone cannot erase an account. */
export const EraseMeBody = z.object({ password: z.string().min(1).max(256) }).strict();
export type EraseMeBody = z.infer<typeof EraseMeBody>;

export const ChangeRoleBody = z.object({ role: UserRole }).strict();
export type ChangeRoleBody = z.infer<typeof ChangeRoleBody>;

export const ChangeTierBody = z.object({ tier: UserTier }).strict();
export type ChangeTierBody = z.infer<typeof ChangeTierBody>;

export const UserIdParams = z.object({ id: Uuid }).strict();
export type UserIdParams = z.infer<typeof UserIdParams>;

const Limit = z.coerce.number().int().min(1).max(100).default(20);
const Cursor = z.string().min(1).max(512);
const CursorPage = z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() });

export const ListUsersQuery = z
  .object({ role: UserRole.optional(), status: UserStatus.optional(), limit: Limit, cursor: Cursor.optional() })
  .strict();
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UserListResponse = z.object({ data: z.array(UserResponse), pagination: CursorPage });
export type UserListResponse = z.infer<typeof UserListResponse>;

/** The user service's own audited operations, then those the other services report (AuditRecorded). */
export const AuditAction = z.enum([
  'login.succeeded',
  'login.failed',
  'role.changed',
  'tier.changed',
  'data.exported',
  'user.erased',
  ...AuditedAction.options,
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntryResponse = z.object({
  audit_id: Uuid,
  at: IsoDateTime,
  action: AuditAction,
  /** Where it happened. */
  service: PlatformService,
  /** Who acted; null for a failed login nobody could be identified for, or a saga step. */
  actor_id: Uuid.nullable(),
  /** The account acted upon (the user service's own entries). */
  target_user_id: Uuid.nullable(),
  /** The product, order or payment acted upon (the other services' entries). */
  target_type: AuditTargetType.nullable(),
  target_id: z.string().nullable(),
  /** The request that made the change; null for a saga step. */
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const ListAuditQuery = z
  .object({
    service: PlatformService.optional(),
    action: AuditAction.optional(),
    target_type: AuditTargetType.optional(),
    target_id: z.string().min(1).max(128).optional(),
    /** Entries where this account acted or was acted upon. */
    user_id: Uuid.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .strict();
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

export const AuditListResponse = z.object({ data: z.array(AuditEntryResponse), pagination: CursorPage });
export type AuditListResponse = z.infer<typeof AuditListResponse>;

/**
 * Where the order, payment and notification services each answer for what they hold about one
 * user. Internal: not under /api/v1, so the gateway never routes it; the user service calls it
 * with the caller's own access token (the subject, or an admin).
 */
export const userExportRoute = '/internal/v1/users/:id/export';
export const userExportUrl = (baseUrl: string, userId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/internal/v1/users/${encodeURIComponent(userId)}/export`;

/** The order service's part: the user's orders with items, shipping address and timeline. */
export const OrdersUserExport = z.object({ orders: z.array(OrderResponse) });
export type OrdersUserExport = z.infer<typeof OrdersUserExport>;

/** The payment service's part: the payments of the user's orders, with every provider attempt. */
export const PaymentsUserExport = z.object({ payments: z.array(PaymentResponse) });
export type PaymentsUserExport = z.infer<typeof PaymentsUserExport>;

/** The notification service's part: its contact replica (null once erased) and every notification about the user. */
export const NotificationsUserExport = z.object({
  contact: z
    .object({
      email: z.string(),
      first_name: z.string().nullable(),
      last_name: z.string().nullable(),
      updated_at: IsoDateTime,
    })
    .nullable(),
  notifications: z.array(NotificationResponse),
});
export type NotificationsUserExport = z.infer<typeof NotificationsUserExport>;

/** GDPR Art. 15/20: everything the platform holds about the caller, from every service that holds any. */
export const UserExportResponse = z.object({
  exported_at: IsoDateTime,
  user: UserResponse,
  sessions: z.array(
    z.object({ family_id: Uuid, created_at: IsoDateTime, expires_at: IsoDateTime, revoked_at: IsoDateTime.nullable() }),
  ),
  audit: z.array(AuditEntryResponse),
  orders: OrdersUserExport.shape.orders,
  payments: PaymentsUserExport.shape.payments,
  notifications: NotificationsUserExport,
});
export type UserExportResponse = z.infer<typeof UserExportResponse>;

/** RFC 7517 key set of the RS256 keys that sign (and recently signed) access tokens. */
export const JsonWebKeySet = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('RSA'),
      kid: z.string(),
      use: z.literal('sig'),
      alg: z.literal('RS256'),
      n: z.string(),
      e: z.string(),
    }),
  ),
});
export type JsonWebKeySet = z.infer<typeof JsonWebKeySet>;
