/**
 * Creates (or promotes) the platform's first admin, idempotently:
 *   npx tsx apps/user-service/src/tools/seed-admin.ts
 * ADMIN_EMAIL / ADMIN_PASSWORD name the account (development defaults below; set both in any
 * shared environment). DATABASE_URL / DATABASE_SCHEMA default to the user service's dev database.
 * Run after the migrations. Events go through the outbox; the running service's relay sends them.
 */
import { z } from 'zod';
import { serviceInfo } from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import { createPool } from '@shop/persistence';
import { devDefaults, parseConfig } from '@shop/runtime';
import { normaliseEmail } from '../domain/user.js';
import { createUserPrisma } from '../persistence/prisma.js';
import { inTransaction } from '../persistence/transaction.js';
import { userRepository } from '../persistence/user.repository.js';
import { hashPassword, verifyPassword } from '../security/password.js';
import { announceRegistered, announceUpdated } from '../users/user-events.js';

const config = parseConfig(
  z.object({
    DATABASE_URL: z.string(),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    KAFKA_TOPIC_NAMESPACE: z.string().default(''),
    ADMIN_EMAIL: z.email().default('admin@shop.local'),
    ADMIN_PASSWORD: z.string().min(12).default('admin-dev-password-change-me'),
  }),
  { ...devDefaults(serviceInfo('user-service')), ...process.env },
);

const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2 });
const prisma = createUserPrisma(pool, config.DATABASE_SCHEMA);
const outbox = new OutboxWriter('user-service', config.DATABASE_SCHEMA, config.KAFKA_TOPIC_NAMESPACE);
const email = normaliseEmail(config.ADMIN_EMAIL);

try {
  const existing = await userRepository(prisma).findCredentials(email);
  const passwordHash = existing && (await verifyPassword(existing.passwordHash, config.ADMIN_PASSWORD)) ? existing.passwordHash : await hashPassword(config.ADMIN_PASSWORD);
  const outcome = await inTransaction(prisma, async (tx) => {
    const users = userRepository(tx);
    const created = await users.insert({ email, passwordHash, firstName: null, lastName: null, role: 'admin' });
    if (created) {
      await announceRegistered(tx, outbox, created);
      return 'created';
    }
    const current = (await users.findCredentials(email))!;
    if (current.user.role === 'admin' && current.user.status === 'active' && current.passwordHash === passwordHash) return 'unchanged';
    const promoted = await tx.user.update({ where: { email }, data: { role: 'admin', status: 'active', passwordHash, updatedAt: new Date() } });
    if (current.user.role !== 'admin') await announceUpdated(tx, outbox, (await users.findById(promoted.userId))!);
    return 'updated';
  });
  console.log(`admin ${email}: ${outcome}`);
} finally {
  await prisma.$disconnect();
  await pool.end();
}
