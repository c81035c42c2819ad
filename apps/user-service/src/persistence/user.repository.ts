import { Prisma } from '../generated/prisma/client.js';
import type { User as UserRow } from '../generated/prisma/client.js';
import type { UserRepository } from '../domain/ports.js';
import { toDomain } from './user.mapper.js';
import { isoMicros, type UserDb } from './transaction.js';

/** A hash no argon2 verify accepts: an erased account keeps no credential. */
const NO_PASSWORD = '!erased';

const userColumns = Prisma.raw(`
  user_id AS "userId", email, first_name AS "firstName", last_name AS "lastName", phone, role, tier, status,
  email_verified AS "emailVerified", created_at AS "createdAt", updated_at AS "updatedAt", last_login_at AS "lastLoginAt",
  ${isoMicros('created_at')} AS "position"`);

/** Users in Postgres through Prisma; works on the client or inside a transaction. */
export function userRepository(db: UserDb): UserRepository {
  return {
    async insert(u) {
      // ON CONFLICT DO NOTHING: a taken address is an answer (null), not an error that aborts the transaction.
      const [row] = await db.user.createManyAndReturn({
        data: [{ email: u.email, passwordHash: u.passwordHash, firstName: u.firstName, lastName: u.lastName, ...(u.role ? { role: u.role } : {}) }],
        skipDuplicates: true,
      });
      return row ? toDomain(row) : null;
    },

    async findById(userId) {
      const row = await db.user.findUnique({ where: { userId } });
      return row ? toDomain(row) : null;
    },

    async findCredentials(email) {
      const row = await db.user.findUnique({ where: { email } });
      return row ? { user: toDomain(row), passwordHash: row.passwordHash } : null;
    },

    async updateProfile(userId, changes) {
      return toDomain(await db.user.update({ where: { userId }, data: { ...changes, updatedAt: new Date() } }));
    },

    async setRole(userId, role) {
      return toDomain(await db.user.update({ where: { userId }, data: { role, updatedAt: new Date() } }));
    },

    async setTier(userId, tier) {
      return toDomain(await db.user.update({ where: { userId }, data: { tier, updatedAt: new Date() } }));
    },

    async anonymise(userId, tombstone) {
      return toDomain(await db.user.update({ where: { userId }, data: { ...tombstone, passwordHash: NO_PASSWORD, metadata: Prisma.DbNull, updatedAt: new Date() } }));
    },

    async recordLogin(userId, at) {
      await db.user.update({ where: { userId }, data: { lastLoginAt: at } });
    },

    async page(filter, after, limit) {
      const conditions: Prisma.Sql[] = [];
      if (filter.role !== undefined) conditions.push(Prisma.sql`role = ${filter.role}`);
      if (filter.status !== undefined) conditions.push(Prisma.sql`status = ${filter.status}`);
      // Keyset: strictly after the last row seen, in the index's own (created_at, user_id) DESC order.
      if (after) conditions.push(Prisma.sql`(created_at, user_id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
      const rows = await db.$queryRaw<(Omit<UserRow, 'passwordHash' | 'metadata'> & { position: string })[]>`
        SELECT ${userColumns} FROM users ${where} ORDER BY created_at DESC, user_id DESC LIMIT ${limit + 1}`;
      const pageRows = rows.slice(0, limit);
      const last = pageRows.at(-1);
      return { items: pageRows.map(toDomain), next: rows.length > limit && last ? { at: last.position, id: last.userId } : null };
    },
  };
}
