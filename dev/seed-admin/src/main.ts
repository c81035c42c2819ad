/**
 * Creates (or promotes) the platform's development admin, idempotently:
 *   npx tsx dev/seed-admin/src/main.ts
 * ADMIN_EMAIL / ADMIN_PASSWORD name the account (development defaults below; set both in any
 * shared environment). DATABASE_URL / DATABASE_SCHEMA default to the user service's dev database.
 * Run after the migrations. Events go through the user service's outbox; its relay sends them.
 *
 * A development program, not part of the user service: it writes the service's tables in SQL,
 * as the service itself does, and hashes the password the way the service verifies it.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { z } from 'zod';
import { serviceInfo, UserEvents, type EventPayload } from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import { createPool, sqlOn, transactions } from '@shop/persistence';
import { devDefaults, parseConfig } from '@shop/runtime';

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

/** The user service's argon2id profile (OWASP's minimum: 19 MiB, 2 passes, 1 lane); 2 is `Algorithm.Argon2id`. */
const argon2id = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** What UserRegistered and UserUpdated carry: the contact card the other services replicate. */
type ContactCard = EventPayload<typeof UserEvents.UserRegistered>;
const card = `user_id, email, first_name, last_name, role`;

const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2 });
const outbox = new OutboxWriter('user-service', config.DATABASE_SCHEMA, config.KAFKA_TOPIC_NAMESPACE);
// The user service stores addresses trimmed and lower-case.
const email = config.ADMIN_EMAIL.trim().toLowerCase();

const samePassword = (storedHash: string) =>
  storedHash.startsWith('$argon2') ? verify(storedHash, config.ADMIN_PASSWORD).catch(() => false) : false;

try {
  const [existing] = await sqlOn(pool).query<{ password_hash: string }>(
    `SELECT password_hash FROM users WHERE email = $1`,
    email,
  );
  const passwordHash =
    existing && (await samePassword(existing.password_hash))
      ? existing.password_hash
      : await hash(config.ADMIN_PASSWORD, argon2id);
  const outcome = await transactions(pool)(async (tx) => {
    const [created] = await tx.query<ContactCard>(
      `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'admin')
       ON CONFLICT DO NOTHING RETURNING ${card}`,
      email,
      passwordHash,
    );
    if (created) {
      await outbox.add(tx, UserEvents.UserRegistered, { subject: created.user_id, data: created });
      return 'created';
    }
    const [current] = await tx.query<{ role: string; status: string; password_hash: string }>(
      `SELECT role, status, password_hash FROM users WHERE email = $1 FOR UPDATE`,
      email,
    );
    if (!current) throw new Error(`${email} was neither inserted nor found`);
    if (current.role === 'admin' && current.status === 'active' && current.password_hash === passwordHash) {
      return 'unchanged';
    }
    const [promoted] = await tx.query<ContactCard>(
      `UPDATE users SET role = 'admin', status = 'active', password_hash = $2, updated_at = now()
        WHERE email = $1 RETURNING ${card}`,
      email,
      passwordHash,
    );
    if (promoted && current.role !== 'admin') {
      await outbox.add(tx, UserEvents.UserUpdated, { subject: promoted.user_id, data: promoted });
    }
    return 'updated';
  });
  console.log(`admin ${email}: ${outcome}`);
  if (outcome === 'created') {
    console.log(`sign in as the admin with e-mail ${email} and password ${config.ADMIN_PASSWORD}`);
  }
} finally {
  await pool.end();
}
