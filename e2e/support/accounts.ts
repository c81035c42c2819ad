import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSigner } from 'fast-jwt';
import { bearer } from '@shop/testing';
import { call } from './api.js';
import type { Stack } from './stack.js';

export type Role = 'customer' | 'admin' | 'support' | 'partner';

/** A signed-in account of a stack's user service: its id and the Authorization header of its access token. */
export interface Account {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly headers: Record<string, string>;
}

const root = resolve(import.meta.dirname, '../..');
const password = 'e2e-correct-horse-battery';

async function signIn(stack: Stack, email: string, role: Role): Promise<Account> {
  const login = await call(stack.url('user-service'), 'POST', '/api/v1/auth/login', {}, { email, password });
  if (login.status !== 200) throw new Error(`login of ${email} failed: ${login.status} ${JSON.stringify(login.body)}`);
  const claims = JSON.parse(Buffer.from(String(login.body.access_token).split('.')[1] ?? '', 'base64url').toString());
  if (!claims.roles.includes(role)) throw new Error(`${email} signed in as ${claims.roles}, not ${role}`);
  return { userId: claims.sub, email, role, headers: bearer(login.body.access_token) };
}

/** The stack's first admin, created by the program set-up runs (`dev/seed-admin`), signed in. */
export async function seedAdmin(stack: Stack): Promise<Account> {
  const email = `admin.${randomUUID().slice(0, 8)}@example.com`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: resolve(root, 'dev/seed-admin'),
    env: {
      ...process.env,
      DATABASE_SCHEMA: stack.schemas['user-service'],
      KAFKA_TOPIC_NAMESPACE: stack.namespace,
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`seed-admin failed: ${output}`);
  return signIn(stack, email, 'admin');
}

/** Registers an account through the API, has the admin grant it `role` unless it stays a customer, and signs it in. */
export async function registerAccount(stack: Stack, admin: Account, role: Role, name: string = role): Promise<Account> {
  const email = `${name}.${randomUUID().slice(0, 8)}@example.com`;
  const registered = await call(stack.url('user-service'), 'POST', '/api/v1/auth/register', {}, { email, password });
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  if (role !== 'customer') {
    const granted = await call(
      stack.url('user-service'),
      'PATCH',
      `/api/v1/users/${registered.body.user_id}/role`,
      admin.headers,
      { role },
    );
    if (granted.status !== 200)
      throw new Error(`role change failed: ${granted.status} ${JSON.stringify(granted.body)}`);
  }
  return signIn(stack, email, role);
}

/** A token the stack would have accepted an hour ago: right key, right claims, expired. */
export function expiredToken(role: Role): string {
  const key = readFileSync(process.env.JWT_PRIVATE_KEY_FILE ?? resolve(root, '.dev-keys/jwt-private.pem'), 'utf8');
  const now = Math.floor(Date.now() / 1000);
  return createSigner({ key, algorithm: 'RS256' })({
    sub: randomUUID(),
    roles: [role],
    iat: now - 7200,
    exp: now - 3600,
  });
}
