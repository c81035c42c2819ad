import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createSigner } from 'fast-jwt';
import { bearer, eventually, expectedTokenParties } from '@shop/testing';
import type { ChaosWorld } from './world.js';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const password = 'chaos-correct-horse-battery';

/** Who and what the load runs on: customers registered through the API (the `load` tier) and products. */
export interface Population {
  readonly adminHeaders: Record<string, string>;
  readonly customers: readonly { readonly userId: string; readonly headers: Record<string, string> }[];
  readonly productIds: readonly string[];
}

/**
 * The token the user service issues to an account of the `load` tier, signed with the same
 * development key: its own would expire within the suite's run.
 */
function loadTierToken(userId: string, email: string): string {
  const key = readFileSync(process.env.JWT_PRIVATE_KEY_FILE ?? resolve(root, '.dev-keys/jwt-private.pem'), 'utf8');
  const { issuer, audience } = expectedTokenParties();
  const now = Date.now();
  return createSigner({ key, algorithm: 'RS256' })({
    iss: issuer,
    aud: audience,
    sub: userId,
    roles: ['customer'],
    email,
    tier: 'load',
    iat: Math.floor(now / 1000),
    iat_ms: now,
    exp: Math.floor(now / 1000) + 7_200,
  });
}

const patch = (url: string, headers: Record<string, string>, body: unknown) => post(url, headers, body, 'PATCH');

async function post(url: string, headers: Record<string, string>, body: unknown, method = 'POST') {
  const response = await fetch(url, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function signIn(world: ChaosWorld, email: string): Promise<{ userId: string; headers: Record<string, string> }> {
  const login = await post(`${world.url('user-service')}/api/v1/auth/login`, {}, { email, password });
  if (login.status !== 200) throw new Error(`login of ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  const token = String(login.body.access_token);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  return { userId: claims.sub, headers: bearer(token) };
}

/**
 * The admin as set-up seeds it (dev/seed-admin), customers registered through the API (so every
 * service knows their contact card) and products created through the inventory API.
 */
export async function populate(
  world: ChaosWorld,
  counts: { customers: number; products: number; stockEach: number },
): Promise<Population> {
  const adminEmail = `admin.${randomUUID().slice(0, 8)}@example.com`;
  await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: resolve(root, 'dev/seed-admin'),
    env: {
      ...process.env,
      APP_PROFILE: 'test',
      DATABASE_URL: world.postgres.urlFor('user_svc'),
      DATABASE_SCHEMA: 'users',
      KAFKA_TOPIC_NAMESPACE: '',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: password,
    },
  });
  const admin = await signIn(world, adminEmail);
  const customers = [];
  for (let i = 0; i < counts.customers; i++) {
    const email = `chaos.${randomUUID().slice(0, 8)}@example.com`;
    const registered = await post(`${world.url('user-service')}/api/v1/auth/register`, {}, { email, password });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
    const userId = String(registered.body.user_id);
    const moved = await patch(`${world.url('user-service')}/api/v1/users/${userId}/tier`, admin.headers, {
      tier: 'load',
    });
    if (moved.status !== 200) throw new Error(`tier: ${moved.status} ${JSON.stringify(moved.body)}`);
    customers.push({ userId, headers: bearer(loadTierToken(userId, email)) });
  }
  const productIds: string[] = [];
  for (let i = 0; i < counts.products; i++) {
    const created = await post(`${world.url('inventory-service')}/api/v1/products`, admin.headers, {
      sku: `CHAOS-${randomUUID().slice(0, 12)}`,
      name: `Chaos product ${i + 1}`,
      category: 'chaos',
      price: 3 + i * 2.5,
      initial_stock: counts.stockEach,
    });
    if (created.status !== 201) throw new Error(`product: ${created.status} ${JSON.stringify(created.body)}`);
    productIds.push(String(created.body.product_id));
  }
  await eventually(
    async () => {
      const rows = await world.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM orders.catalogue_products WHERE product_id = ANY($1::uuid[])',
        [productIds],
      );
      if (rows[0]!.n !== productIds.length) throw new Error('the catalogue has not replicated every product yet');
    },
    60_000,
    200,
  );
  return { adminHeaders: admin.headers, customers, productIds };
}
