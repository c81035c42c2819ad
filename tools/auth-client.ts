import { randomUUID } from 'node:crypto';

/** Real access tokens from the running user service, as a client gets them: log in, or register and log in. */
const userUrl = process.env.USER_URL ?? 'http://127.0.0.1:3001';

async function post(path: string, body: unknown) {
  const response = await fetch(`${userUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export async function login(email: string, password: string): Promise<string> {
  return `Bearer ${(await post('/api/v1/auth/login', { email, password })).access_token as string}`;
}

/** The development admin that set-up creates (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const loginAdmin = () => login(process.env.ADMIN_EMAIL ?? 'admin@shop.local', process.env.ADMIN_PASSWORD ?? 'admin-dev-password-change-me');

export async function registerCustomer(firstName: string): Promise<{ userId: string; email: string; authorization: string }> {
  const email = `${firstName.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const user = await post('/api/v1/auth/register', { email, password, first_name: firstName });
  return { userId: String(user.user_id), email, authorization: await login(email, password) };
}

/** A partner account (seed §3.2: partners create orders through the API, under the partner rate tier). */
export async function registerPartner(adminAuthorization: string, name: string): Promise<{ userId: string; email: string; authorization: string }> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@partners.example.com`;
  const password = `pw-${randomUUID()}`;
  const user = await post('/api/v1/auth/register', { email, password, first_name: name });
  const promoted = await fetch(`${userUrl}/api/v1/users/${String(user.user_id)}/role`, {
    method: 'PATCH',
    headers: { authorization: adminAuthorization, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'partner' }),
  });
  if (!promoted.ok) throw new Error(`promoting ${email}: HTTP ${promoted.status} ${await promoted.text()}`);
  return { userId: String(user.user_id), email, authorization: await login(email, password) };
}
