import type { User as UserRow } from '../generated/prisma/client.js';
import type { Role, Tier, User, UserStatus } from '../domain/user.js';

/** Persistence → domain: the hash stays behind. The CHECK constraints guarantee role, tier and status. */
export function toDomain(row: Omit<UserRow, 'passwordHash' | 'metadata'>): User {
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
