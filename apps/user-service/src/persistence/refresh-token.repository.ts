import type { RefreshTokenStore } from '../domain/ports.js';
import type { UserDb } from './transaction.js';

/** Refresh tokens, stored as SHA-256 hashes only; works on the client or inside a transaction. */
export function refreshTokenStore(db: UserDb): RefreshTokenStore {
  return {
    async issue(t) {
      await db.refreshToken.create({ data: t });
    },

    findByHash: (tokenHash) => db.refreshToken.findUnique({ where: { tokenHash } }),

    async spend(tokenId, at) {
      // One conditional UPDATE: of two concurrent refreshes with the same token, exactly one wins.
      const { count } = await db.refreshToken.updateMany({ where: { tokenId, usedAt: null, revokedAt: null }, data: { usedAt: at } });
      return count === 1;
    },

    async revokeFamily(familyId, at) {
      await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: at } });
    },

    async revokeAllOf(userId, at) {
      await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
    },

    async sessionsOf(userId) {
      const rows = await db.refreshToken.groupBy({
        by: ['familyId'],
        where: { userId },
        _min: { createdAt: true },
        _max: { expiresAt: true, revokedAt: true },
        orderBy: { _min: { createdAt: 'asc' } },
      });
      return rows.map((r) => ({ familyId: r.familyId, createdAt: r._min.createdAt!, expiresAt: r._max.expiresAt!, revokedAt: r._max.revokedAt ?? null }));
    },
  };
}
