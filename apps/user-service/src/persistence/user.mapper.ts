import type { Role, Tier, User, UserStatus } from '../domain/user.js';

/** A users row as this service reads it, never with the password hash or metadata. */
export interface UserRow {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly role: string;
  readonly tier: string;
  readonly status: string;
  readonly emailVerified: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
}

/** The select list that reads a UserRow. */
export const userColumns = `user_id AS "userId", email, first_name AS "firstName", last_name AS "lastName", phone,
  role, tier, status, email_verified AS "emailVerified", created_at AS "createdAt", updated_at AS "updatedAt",
  last_login_at AS "lastLoginAt"`;

/** Persistence → domain: the hash stays behind. The CHECK constraints guarantee role, tier and status. */
export function toDomain(row: UserRow): User {
  return {
    userId: row.userId,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    phone: row.phone,
    role: row.role as Role,
    tier: row.tier as Tier,
    status: row.status as UserStatus,
    emailVerified: row.emailVerified,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastLoginAt: row.lastLoginAt,
  };
}
