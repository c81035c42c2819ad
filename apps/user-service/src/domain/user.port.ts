import type { ServiceName, UserHttp } from '@shop/contracts';
import type { AuditAction, AuditEntry, AuditTarget, NewAuditEntry } from './audit.js';
import type { StoredRefreshToken } from './refresh-token.js';
import type { Anonymised, ProfileChanges, Role, Tier, User, UserStatus } from './user.js';

/**
 * What the use cases need from storage, in domain terms. Every method works on the client or
 * inside the caller's transaction; the Prisma adapters in src/persistence implement them.
 */

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly role?: Role;
}

/** A keyset position in newest-first order; `at` keeps Postgres's microseconds as ISO text. */
export interface Position {
  readonly at: string;
  readonly id: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Position of the last item returned, when more follow. */
  readonly next: Position | null;
}

export interface UserFilter {
  readonly role?: Role | undefined;
  readonly status?: UserStatus | undefined;
}

export interface UserRepository {
  /** null when the e-mail address is taken. */
  insert(user: NewUser): Promise<User | null>;
  findById(userId: string): Promise<User | null>;
  /** The account and its password hash, for the credential check only. */
  findCredentials(email: string): Promise<{ user: User; passwordHash: string } | null>;
  updateProfile(userId: string, changes: ProfileChanges): Promise<User>;
  setRole(userId: string, role: Role): Promise<User>;
  setTier(userId: string, tier: Tier): Promise<User>;
  /** Also replaces the password hash with one nothing verifies against. */
  anonymise(userId: string, tombstone: Anonymised): Promise<User>;
  recordLogin(userId: string, at: Date): Promise<void>;
  page(filter: UserFilter, after: Position | null, limit: number): Promise<Page<User>>;
}

export interface RefreshTokenStore {
  issue(token: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  findByHash(tokenHash: string): Promise<StoredRefreshToken | null>;
  /** Marks an unspent, unrevoked token used; false when someone else spent or revoked it first. */
  spend(tokenId: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeAllOf(userId: string, at: Date): Promise<void>;
  /** One row per login (family), for the GDPR export: never the hashes. */
  sessionsOf(userId: string): Promise<{ familyId: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null }[]>;
}

export interface AuditFilter {
  readonly service?: ServiceName | undefined;
  readonly action?: AuditAction | undefined;
  readonly targetType?: AuditTarget['type'] | undefined;
  readonly targetId?: string | undefined;
  /** Entries where this account acted or was acted upon. */
  readonly userId?: string | undefined;
}

export interface AuditLog {
  append(entry: NewAuditEntry): Promise<void>;
  page(filter: AuditFilter, after: Position | null, limit: number): Promise<Page<AuditEntry>>;
  /** Every entry where the user is actor or target, oldest first. */
  about(userId: string): Promise<AuditEntry[]>;
}

export type ThrottleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly resetAt: Date };

/** Counts sign-in attempts per account and per client address (Redis adapter in src/security). */
export interface LoginThrottle {
  /** Takes an attempt from both allowances, or says until when the caller must wait. */
  attempt(email: string, ip: string): Promise<ThrottleVerdict>;
  /** A correct password: the account's count starts again and the address gets its attempt back. */
  succeeded(email: string, ip: string): Promise<void>;
}

/** What the other services hold about a user (orders, payments, notifications), in their export shapes. */
export interface PlatformExport {
  readonly orders: UserHttp.OrdersUserExport['orders'];
  readonly payments: UserHttp.PaymentsUserExport['payments'];
  readonly notifications: UserHttp.NotificationsUserExport;
}

/** Gathers the other services' shares of a GDPR export, presenting the caller's own access token. */
export interface PlatformExports {
  /** Every share, or SERVICE_UNAVAILABLE naming the services that could not answer. */
  of(userId: string, accessToken: string, requestId: string): Promise<PlatformExport>;
}
