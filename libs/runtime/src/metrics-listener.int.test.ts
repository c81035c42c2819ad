/** A service's two listeners: the API without /metrics, the metrics port with nothing else; both closed at shutdown. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createTestSchema, eventually, testServers, type TestSchema } from '@shop/testing';

const probeService = resolve(import.meta.dirname, 'test-support/http-probe-service.ts');

/** A port nothing listens on right now (the log that names the bound ones is flushed only in 4 KiB blocks). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('the metrics listener', () => {
  let db: TestSchema | undefined;
  beforeAll(async () => {
    db = await createTestSchema('metrics_port', [messagingMigrationsDir]);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('serves the registry apart from the API, which answers 404 for /metrics, and closes with it', async () => {
    const [apiPort, metricsPort] = [await freePort(), await freePort()];
    const api = `http://127.0.0.1:${apiPort}`;
    const metrics = `http://127.0.0.1:${metricsPort}`;
    const child = spawn(process.execPath, ['--import', 'tsx', probeService], {
      env: {
        ...process.env,
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        APP_PROFILE: 'test',
        DATABASE_URL: db!.url,
        DATABASE_SCHEMA: db!.schema,
        KAFKA_BROKERS: testServers.kafkaBrokers.join(','),
        PORT: String(apiPort),
        METRICS_PORT: String(metricsPort),
        RATE_LIMIT_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await eventually(
        async () => {
          expect(child.exitCode, output).toBeNull();
          expect((await fetch(`${api}/ready`).catch(() => undefined))?.status).toBe(200);
          expect((await fetch(`${metrics}/metrics`).catch(() => undefined))?.status).toBe(200);
        },
        90_000,
        250,
      );
      const onApi = await fetch(`${api}/metrics`);
      expect(onApi.status).toBe(404);
      expect(((await onApi.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

      const scraped = await fetch(`${metrics}/metrics`);
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      // The API's answers are counted, and served here.
      expect(text).toMatch(/^http_requests_total\{[^}]*route="\/ready"[^}]*\} [1-9]/m);
      expect(text).toMatch(/^db_pool_total(\{[^}]*\})? \d+$/m);
      // Nothing but the metrics on this port.
      expect((await fetch(`${metrics}/ready`)).status).toBe(404);

      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(output).toMatch(/"msg":"stopped"/);
      for (const listener of [api, metrics]) {
        await expect(fetch(`${listener}/metrics`), listener).rejects.toThrow(/fetch failed/);
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
