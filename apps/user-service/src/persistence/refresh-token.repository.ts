import type { Sql } from '@shop/persistence';
import type { RefreshTokenStore, SessionSummary } from '../domain/refresh-token.port.js';
import type { StoredRefreshToken } from '../domain/refresh-token.js';

/** Refresh tokens in SQL, stored as SHA-256 hashes only: on a connection or inside the caller's transaction. */
export function refreshTokenStore(sql: Sql): RefreshTokenStore {
  return {
    async issue(t) {
      await sql.execute(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
        t.userId,
        t.familyId,
        t.tokenHash,
        t.expiresAt,
      );
    },

    async findByHash(tokenHash) {
      const [row] = await sql.query<StoredRefreshToken>(
        `SELECT token_id AS "tokenId", user_id AS "userId", family_id AS "familyId", expires_at AS "expiresAt",
                used_at AS "usedAt", revoked_at AS "revokedAt"
           FROM refresh_tokens WHERE token_hash = $1`,
        tokenHash,
      );
      return row ?? null;
    },

    async spend(tokenId, at) {
      // One conditional UPDATE: of two concurrent refreshes with the same token, exactly one wins.
      const spent = await sql.execute(
        `UPDATE refresh_tokens SET used_at = $2 WHERE token_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
        tokenId,
        at,
      );
      return spent === 1;
    },

    async revokeFamily(familyId, at) {
      await sql.execute(
        `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
        familyId,
        at,
      );
    },

    async revokeAllOf(userId, at) {
      await sql.execute(
        `UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
        userId,
        at,
      );
    },

    sessionsOf: (userId) =>
      sql.query<SessionSummary>(
        `SELECT family_id AS "familyId", min(created_at) AS "createdAt", max(expires_at) AS "expiresAt",
                max(revoked_at) AS "revokedAt"
           FROM refresh_tokens WHERE user_id = $1
          GROUP BY family_id ORDER BY min(created_at) ASC`,
        userId,
      ),
  };
}
