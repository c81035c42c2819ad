import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@shop/contracts';
import { bearer, eventually, expectedTokenParties, signAccessToken } from '@shop/testing';
import { createHmac, generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSigner } from 'fast-jwt';

const root = resolve(import.meta.dirname, '..');
// Ports apart from the development stack's 3001-3005 and 9461-9465, so tests run beside `make up`.
const testPort = (port: number) => port + 1000;
const metricsTestPort = (port: number) => port + 1100;

/** Starts a service's main.ts under the test profile; a variable given as undefined is left unset. */
function start(name: string, env: Record<string, string | undefined> = {}): ChildProcess & { output: () => string } {
  const environment: Record<string, string | undefined> = {
    ...process.env,
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    LOG_LEVEL: 'warn',
    APP_PROFILE: 'test',
    ...env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './src/instrument.ts', 'src/main.ts'], {
    cwd: resolve(root, 'apps', name),
    env: Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

describe('the five services as processes', () => {
  const running = new Map<string, ReturnType<typeof start>>();

  beforeAll(async () => {
    for (const s of services) {
      const ports = { PORT: String(testPort(s.port)), METRICS_PORT: String(metricsTestPort(s.port)) };
      running.set(s.name, start(s.name, ports));
    }
  });
  afterAll(() => {
    for (const child of running.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('each becomes ready against the real database, Redis and Kafka', async () => {
    for (const s of services) {
      const body = await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${testPort(s.port)}/ready`);
          expect(response.status, running.get(s.name)!.output()).toBe(200);
          return response.json();
        },
        120_000,
        250,
      );
      expect(body).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', kafka: 'up', consumers: 'up' } });
    }
    // Five processes compiling and connecting at once on a shared machine: the budget of the whole start.
  }, 150_000);

  it('each serves liveness, its OpenAPI document and the error envelope, and metrics on their own port', async () => {
    for (const s of services) {
      const base = `http://127.0.0.1:${testPort(s.port)}`;
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      const scraped = await fetch(`http://127.0.0.1:${metricsTestPort(s.port)}/metrics`);
      expect(await scraped.text(), s.name).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/ready"/);
      const metricsOnApi = await fetch(`${base}/metrics`);
      expect(metricsOnApi.status, s.name).toBe(404);
      expect(((await metricsOnApi.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      expect(await (await fetch(`${base}/openapi.json`)).json()).toMatchObject({
        openapi: '3.1.0',
        info: { title: s.name },
      });
      const missing = await fetch(`${base}/api/v1/nothing-here`, { headers: { 'x-request-id': 'req-e2e-1' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-request-id')).toBe('req-e2e-1');
      expect(await missing.json()).toEqual({
        error: {
          code: 'NOT_FOUND',
          message: expect.any(String),
          request_id: 'req-e2e-1',
          timestamp: expect.any(String),
        },
      });
    }
  });

  /**
   * A bad token is limited as anonymous, by client address and route (burst 10), and its failed
   * verifications are counted per address across the services (one Redis): from an address of its own
   * per service and run, each starts with full buckets, not with what another left.
   */
  const freshAddress = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  const getFromFreshAddress = (url: string, token: string, localAddress: string) =>
    new Promise<{ status: number; body: unknown }>((done, fail) => {
      get(url, { headers: bearer(token), localAddress }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => done({ status: response.statusCode ?? 0, body: JSON.parse(body) }));
      }).on('error', fail);
    });

  // A protected route of each service.
  const protectedRoute: Record<string, string> = {
    'user-service': '/api/v1/users',
    'inventory-service': '/api/v1/products',
    'order-service': '/api/v1/orders',
    'payment-service': `/api/v1/payments?order_id=${randomUUID()}`,
    'notification-service': `/api/v1/notifications?order_id=${randomUUID()}`,
  };

  it('each answers 401 to expired, exp-less, foreign, other-iss, other-aud, none, HS256, tampered tokens', async () => {
    const devPublic = readFileSync(resolve(root, '.dev-keys/jwt-public.pem'), 'utf8');
    const now = Math.floor(Date.now() / 1000);
    const { issuer, audience } = expectedTokenParties();
    // Each token below is wrong in one way only: the others carry these.
    const registered = { iss: issuer, aud: audience, exp: now + 600 };
    const claims = { sub: randomUUID(), roles: ['admin' as const] };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const hs256 = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, ...registered })}`;
    const [h, , sig] = signAccessToken({ roles: ['customer'] }).split('.');
    const bad = {
      expired: signAccessToken(claims, undefined, { exp: now - 3600 }),
      foreign: createSigner({
        key: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        algorithm: 'RS256',
      })({ ...claims, ...registered }),
      none: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, ...registered })}.`,
      hs256: `${hs256}.${createHmac('sha256', devPublic).update(hs256).digest('base64url')}`,
      tampered: `${h}.${b64({ ...claims, ...registered })}.${sig}`,
      'never-expiring': signAccessToken(claims, undefined, { omit: ['exp'] }),
      "other issuer's": signAccessToken(claims, undefined, { iss: 'https://elsewhere.example' }),
      "other audience's": signAccessToken(claims, undefined, { aud: 'another-api' }),
    };
    for (const s of services) {
      const address = freshAddress();
      for (const [kind, token] of Object.entries(bad)) {
        const response = await getFromFreshAddress(
          `http://127.0.0.1:${testPort(s.port)}${protectedRoute[s.name]}`,
          token,
          address,
        );
        expect(response.status, `${s.name} with a ${kind} token`).toBe(401);
        expect((response.body as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
      }
      const good = await fetch(`http://127.0.0.1:${testPort(s.port)}${protectedRoute[s.name]}`, {
        headers: bearer(signAccessToken({ roles: ['admin'] })),
      });
      expect(good.status, s.name).not.toBe(401);
    }
  });

  it('each rate-limits a caller with X-RateLimit-* headers and answers 429 past the burst', async () => {
    const customer = bearer(signAccessToken({ roles: ['customer'] }));
    const url = `http://127.0.0.1:${testPort(3003)}/api/v1/orders`;
    const answers = [];
    for (let i = 0; i < 51; i++) answers.push(await fetch(url, { headers: customer }));
    expect(answers.slice(0, 50).every((a) => a.status === 200)).toBe(true);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('50');
    expect(answers[49]!.headers.get('x-ratelimit-remaining')).toBe('0');
    const refused = answers[50]!;
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      details: { limit: 50, remaining: 0, reset_at: expect.any(String) },
    });
    for (const s of services.filter((x) => x.name !== 'user-service')) {
      const r = await fetch(`http://127.0.0.1:${testPort(s.port)}${protectedRoute[s.name]}`, {
        headers: bearer(signAccessToken({ roles: ['admin'] })),
      });
      expect(r.headers.get('x-ratelimit-limit'), s.name).toBe('50');
    }
  });

  it('each shuts down cleanly on SIGTERM, closing the API and the metrics listener', async () => {
    for (const [name, child] of running) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, `${name}: ${child.output()}`).toBe(0);
      const port = services.find((s) => s.name === name)!.port;
      for (const listener of [testPort(port), metricsTestPort(port)]) {
        await expect(fetch(`http://127.0.0.1:${listener}/health`), `${name} on ${listener}`).rejects.toThrow();
      }
    }
  });
});

describe('configuration', () => {
  it('fails fast at boot, naming the bad variable', async () => {
    const child = start('order-service', { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(child.output()).toMatch(/order-service: Invalid configuration: .*PORT.*DATABASE_URL/s);
  });

  it('refuses to start outside a development profile without DATABASE_URL, naming it', async () => {
    const child = start('order-service', {
      APP_PROFILE: undefined,
      DATABASE_URL: undefined,
      PORT: String(testPort(3003)),
      METRICS_PORT: String(metricsTestPort(3003)),
      DATABASE_SCHEMA: 'orders',
      JWKS_URL: 'http://127.0.0.1:1/.well-known/jwks.json',
    });
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(child.output()).toMatch(/order-service: Invalid configuration: .*DATABASE_URL/s);
    expect(child.output()).not.toMatch(/order_svc_pw/);
  });
});
