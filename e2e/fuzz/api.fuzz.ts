import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, type ServiceName } from '@shop/contracts';
import { registerAccount, seedAdmin, type Role } from '../support/accounts.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Every service's API under schemathesis (tools/fuzz), on a stack of its own: private schemas and
 * topics, rate limits off so every generated request reaches its handler. Each service is fuzzed
 * anonymously and as each role, signed in for real; FUZZ_REQUESTS generated requests per service
 * (1 000 in the test command, 10 000 with `make fuzz`).
 */

const root = resolve(import.meta.dirname, '../..');
const requests = Number(process.env.FUZZ_REQUESTS ?? 1000);
// About 20 requests a second on a busy machine, and the stack's start on top.
const perServiceTimeout = 120_000 + requests * 150;
const portBase = 8700;
const urlOf = (name: ServiceName) => `http://127.0.0.1:${portBase + services.findIndex((s) => s.name === name) + 1}`;
const profile = { APP_PROFILE: 'test', METRICS_PORT: '0' };
// The user service's export asks the other three for their part of the account's data.
const exportSources = {
  ORDER_SERVICE_URL: urlOf('order-service'),
  PAYMENT_SERVICE_URL: urlOf('payment-service'),
  NOTIFICATION_SERVICE_URL: urlOf('notification-service'),
};

function fuzz(service: ServiceName, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const args = ['--import', 'tsx', 'tools/fuzz/main.ts', '--service', service, '--requests', String(requests)];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    const keep = (d: Buffer) => {
      process.stdout.write(d);
      output += d;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? 1, output }));
  });
}

describe('every API under schemathesis', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      services: services.map((s) => s.name),
      portBase,
      env: {
        ...Object.fromEntries(services.map((s) => [s.name, profile])),
        'user-service': { ...profile, ...exportSources },
      },
    });
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it.each(services.map((s) => s.name))(
    '%s: the required number of generated requests, no 5xx, no schema violation, every error in the envelope',
    async (service) => {
      // Fresh accounts for each service: an admin's run may demote, erase or sign out the accounts it finds.
      const admin = await seedAdmin(stack);
      const auth: Record<string, string> = { FUZZ_AUTH_ADMIN: String(admin.headers.authorization) };
      for (const role of ['customer', 'partner', 'support'] as Role[]) {
        const account = await registerAccount(stack, admin, role, `fuzz-${role}`);
        auth[`FUZZ_AUTH_${role.toUpperCase()}`] = String(account.headers.authorization);
      }
      const urls = Object.fromEntries(
        services.map((s) => [`${s.name.replace(/-service$/, '').toUpperCase()}_URL`, stack.url(s.name)]),
      );
      const { code, output } = await fuzz(service, { ...urls, ...auth });
      const summary = output.match(new RegExp(`${service}: (\\d+) generated requests, (.*)`));
      expect(summary?.[2]).toBe('no finding');
      expect(Number(summary?.[1])).toBeGreaterThanOrEqual(requests);
      expect(code).toBe(0);
    },
    perServiceTimeout,
  );
});
