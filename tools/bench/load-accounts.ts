import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureAccountWithRole, toolAccountCredentials } from '../auth-client.js';

/**
 * The accounts a benchmark places its orders with: partner accounts (partners create orders through
 * the API), moved by the admin to the `load` rate-limit tier so the run measures the stack rather
 * than the rate limits. Eight partners at the partner tier allow 8 × (1 000 burst + 50 000/h) — about
 * 14 700 orders a minute — which a fast host places well before a 60 s stage ends.
 *
 * A stack whose tier table has no `load` tier refuses the change (400); the run then goes on at the
 * partner tier and says so, and its clients wait out every 429 (Retry-After) rather than counting it.
 */

const userUrl = process.env.USER_URL ?? 'http://127.0.0.1:3001';
export const loadTier = 'load';

export interface LoadAccount {
  readonly userId: string;
  readonly authorization: string;
}

export interface LoadAccounts {
  readonly accounts: readonly LoadAccount[];
  /** The rate-limit tier the accounts' tokens claim: `load`, or what the stack would grant instead. */
  readonly tier: string;
}

function claimsOf(authorization: string): { tier?: string; exp?: number } {
  const payload = authorization.replace(/^Bearer /, '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8') || '{}') as { tier?: string; exp?: number };
}

// Load-tier tokens are kept between runs, as the tools keep theirs: logins are throttled per address.
const tokenCache = join(import.meta.dirname, '..', '..', '.data', 'load-tokens.json');
const cachedTokens = (): Record<string, string> => {
  try {
    return JSON.parse(readFileSync(tokenCache, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
};
function cachedLoadToken(name: string): string | undefined {
  const token = cachedTokens()[`${userUrl} ${name}`];
  const claims = token ? claimsOf(token) : {};
  const valid = claims.tier === loadTier && (claims.exp ?? 0) * 1000 > Date.now() + 600_000;
  return valid ? token : undefined;
}
function keepLoadToken(name: string, authorization: string): void {
  mkdirSync(dirname(tokenCache), { recursive: true });
  writeFileSync(tokenCache, JSON.stringify({ ...cachedTokens(), [`${userUrl} ${name}`]: authorization }));
}

async function send(method: string, path: string, body: unknown, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  for (;;) {
    const response = await fetch(`${userUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    if (response.status !== 429) return response;
    const wait = Number(response.headers.get('retry-after') ?? 1);
    console.log(`  (rate-limited on ${path}; waiting ${wait} s)`);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

/** A fresh token (not the tool cache's): only a token issued after the tier change carries it. */
async function freshLogin(name: string, role: LoadRole): Promise<string> {
  const { email, password } = toolAccountCredentials(name, role);
  const response = await send('POST', '/api/v1/auth/login', { email, password });
  if (!response.ok) throw new Error(`login of ${email}: HTTP ${response.status} ${await response.text()}`);
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

type LoadRole = 'partner' | 'support';

/** `count` accounts `<prefix>-<i>` holding `role`, reused across runs, in the `load` tier where the stack has it. */
export async function loadAccounts(
  adminAuthorization: string,
  count: number,
  prefix = 'bench-partner',
  role: LoadRole = 'partner',
): Promise<LoadAccounts> {
  const accounts: LoadAccount[] = [];
  let tier = loadTier;
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i}`;
    const account = await ensureAccountWithRole(adminAuthorization, name, role);
    const cached = cachedLoadToken(name);
    if (cached || claimsOf(account.authorization).tier === loadTier) {
      accounts.push({ userId: account.userId, authorization: cached ?? account.authorization });
      continue;
    }
    if (tier === loadTier) {
      const path = `/api/v1/users/${account.userId}/tier`;
      const changed = await send('PATCH', path, { tier: loadTier }, adminAuthorization);
      if (changed.ok) {
        const authorization = await freshLogin(name, role);
        keepLoadToken(name, authorization);
        accounts.push({ userId: account.userId, authorization });
        continue;
      }
      tier = role === 'partner' ? 'partner' : 'authenticated';
      const answer = await changed.text();
      console.log(`  (no '${loadTier}' rate-limit tier on this stack: HTTP ${changed.status} ${answer.slice(0, 200)};`);
      console.log(`   the run goes on at the ${tier} tier, and its rate limits may bound what it measures)`);
    }
    accounts.push(account);
  }
  return { accounts, tier };
}
