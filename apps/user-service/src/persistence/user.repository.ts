import { Filters, keysetPage, newestFirst, type Sql } from '@shop/persistence';
import type { UserRepository } from '../domain/user.port.js';
import { toDomain, userColumns, type UserRow } from './user.mapper.js';

/** A hash no argon2 verify accepts: an erased account keeps no credential. */
const NO_PASSWORD = '!erased';

const returningUser = `RETURNING ${userColumns}`;

/** Users in Postgres, in SQL: on a connection or inside the caller's transaction. */
export function userRepository(sql: Sql): UserRepository {
  const updated = async (text: string, ...values: unknown[]) => {
    const [row] = await sql.query<UserRow>(text, ...values);
    if (!row) throw new Error(`No user ${String(values[0])} to update`);
    return toDomain(row);
  };
  const findOne = async (where: string, value: string, lock = '') => {
    const [row] = await sql.query<UserRow & { passwordHash: string }>(
      `SELECT ${userColumns}, password_hash AS "passwordHash" FROM users WHERE ${where} = $1 ${lock}`,
      value,
    );
    return row;
  };

  return {
    async insert(u) {
      // ON CONFLICT DO NOTHING: a taken address is an answer (null), not an error that aborts the transaction.
      const [row] = await sql.query<UserRow>(
        `INSERT INTO users (email, password_hash, first_name, last_name, role)
         VALUES ($1, $2, $3, $4, COALESCE($5::varchar, 'customer'))
         ON CONFLICT DO NOTHING ${returningUser}`,
        u.email,
        u.passwordHash,
        u.firstName,
        u.lastName,
        u.role ?? null,
      );
      return row ? toDomain(row) : null;
    },

    async findById(userId) {
      const row = await findOne('user_id', userId);
      return row ? toDomain(row) : null;
    },

    async lockById(userId) {
      const row = await findOne('user_id', userId, 'FOR UPDATE');
      return row ? { user: toDomain(row), passwordHash: row.passwordHash } : null;
    },

    async findCredentials(email) {
      const row = await findOne('email', email);
      return row ? { user: toDomain(row), passwordHash: row.passwordHash } : null;
    },

    updateProfile: (userId, changes) =>
      // One statement text whichever fields change: each flag says whether its column takes the new value.
      updated(
        `UPDATE users SET
           first_name = CASE WHEN $2::boolean THEN $3::varchar ELSE first_name END,
           last_name = CASE WHEN $4::boolean THEN $5::varchar ELSE last_name END,
           phone = CASE WHEN $6::boolean THEN $7::varchar ELSE phone END,
           updated_at = now()
         WHERE user_id = $1 ${returningUser}`,
        userId,
        changes.firstName !== undefined,
        changes.firstName ?? null,
        changes.lastName !== undefined,
        changes.lastName ?? null,
        changes.phone !== undefined,
        changes.phone ?? null,
      ),

    setRole: (userId, role) =>
      updated(`UPDATE users SET role = $2, updated_at = now() WHERE user_id = $1 ${returningUser}`, userId, role),

    setTier: (userId, tier) =>
      updated(`UPDATE users SET tier = $2, updated_at = now() WHERE user_id = $1 ${returningUser}`, userId, tier),

    anonymise: (userId, tombstone) =>
      updated(
        `UPDATE users SET email = $2, first_name = NULL, last_name = NULL, phone = NULL, status = $3,
           password_hash = $4, metadata = NULL, updated_at = now()
         WHERE user_id = $1 ${returningUser}`,
        userId,
        tombstone.email,
        tombstone.status,
        NO_PASSWORD,
      ),

    async recordLogin(userId, at) {
      await sql.execute(`UPDATE users SET last_login_at = $2 WHERE user_id = $1`, userId, at);
    },

    async page(filter, after, limit) {
      const filters = new Filters().add((p) => `role = ${p}`, filter.role).add((p) => `status = ${p}`, filter.status);
      // In the index's own (created_at, user_id) DESC order.
      const order = newestFirst('created_at', 'user_id');
      return keysetPage(sql, { select: userColumns, from: 'users', ...filters, ...order, after, limit }, toDomain);
    },
  };
}
