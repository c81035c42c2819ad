import type { UserReads } from '../domain/user.port.js';
import type { UserPrisma } from './prisma.js';
import { toDomain } from './user.mapper.js';

/** One account by id or by address, outside any transaction, through the Prisma client. */
export function userReads(prisma: UserPrisma): UserReads {
  return {
    async findById(userId) {
      const row = await prisma.user.findUnique({ where: { userId } });
      return row ? toDomain(row) : null;
    },

    async findCredentials(email) {
      const row = await prisma.user.findUnique({ where: { email } });
      return row ? { user: toDomain(row), passwordHash: row.passwordHash } : null;
    },
  };
}
