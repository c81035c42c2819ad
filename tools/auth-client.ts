import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

/** Real access tokens from the running user service, as a client gets them: log in, or register and log in. */
const userUrl = process.env.USER_URL ?? 'http://127.0.0.1:3001';

async function post(path: string, body: unknown, attempt = 1): Promise<Record<string, unknown>> {
  const response = await fetch(`${userUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // Sign-ups and logins are rate-limited per address: a tool waits its turn like any client.
  if (response.status === 429 && attempt <= 3) {
    const wait = Number(response.headers.get('retry-after') ?? 1);
    console.log(`  (rate-limited on ${path}; waiting ${wait} s)`);
    await new Promise((r) => setTimeout(r, wait * 1000));
    return post(path, body, attempt + 1);
  }
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

// Tools run again and again against the same stack: a token still valid for ten minutes is reused
// rather than spending one of the per-address login attempts the user service allows.
const tokenCache = join(dirname(fileURLToPath(import.meta.url)), '..', '.data', 'tool-tokens.json');

function cachedTokens(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(tokenCache, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function stillValid(token: string): boolean {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as {
    exp?: number;
  };
  return typeof payload.exp === 'number' && payload.exp * 1000 > Date.now() + 600_000;
}

export async function login(email: string, password: string): Promise<string> {
  const key = `${userUrl} ${email}`;
  const cached = cachedTokens()[key];
  if (cached && stillValid(cached)) return `Bearer ${cached}`;
  const token = (await post('/api/v1/auth/login', { email, password })).access_token as string;
  mkdirSync(dirname(tokenCache), { recursive: true });
  // Read again: another login of this run may have written its token since.
  writeFileSync(tokenCache, JSON.stringify({ ...cachedTokens(), [key]: token }));
  return `Bearer ${token}`;
}

/** The development admin that set-up creates (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const loginAdmin = () =>
  login(process.env.ADMIN_EMAIL ?? 'admin@shop.local', process.env.ADMIN_PASSWORD ?? 'admin-dev-password-change-me');

export async function registerCustomer(
  firstName: string,
): Promise<{ userId: string; email: string; authorization: string }> {
  const email = `${firstName.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const user = await post('/api/v1/auth/register', { email, password, first_name: firstName });
  return { userId: String(user.user_id), email, authorization: await login(email, password) };
}

/** The e-mail and password of a tool's account `name` holding `role`: the same on every run. */
export function toolAccountCredentials(name: string, role: string): { email: string; password: string } {
  const id = name.toLowerCase();
  return { email: `${id}@${role}s.example.com`, password: `${role}-${id}-dev-password` };
}

/**
 * An account holding `role` — a partner (partners create orders through the API, under the partner
 * rate tier), support (who cancel) —, reused across runs: logged in if it exists, else registered
 * and given the role by the admin.
 */
export async function ensureAccountWithRole(
  adminAuthorization: string,
  name: string,
  role: 'partner' | 'support' = 'partner',
): Promise<{ userId: string; email: string; authorization: string }> {
  const { email, password } = toolAccountCredentials(name, role);
  let authorization: string;
  try {
    authorization = await login(email, password);
  } catch {
    const user = await post('/api/v1/auth/register', { email, password, first_name: name });
    const promoted = await fetch(`${userUrl}/api/v1/users/${String(user.user_id)}/role`, {
      method: 'PATCH',
      headers: { authorization: adminAuthorization, 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    if (!promoted.ok)
      throw new Error(`giving ${email} the ${role} role: HTTP ${promoted.status} ${await promoted.text()}`);
    authorization = await login(email, password);
  }
  const me = await fetch(`${userUrl}/api/v1/users/me`, { headers: { authorization } });
  const profile = (await me.json()) as { user_id: string };
  return { userId: profile.user_id, email, authorization };
}
