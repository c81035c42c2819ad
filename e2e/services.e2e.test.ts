import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@shop/contracts';
import { eventually } from '@shop/testing';

const root = resolve(import.meta.dirname, '..');
// Ports apart from the development stack's 3001-3005, so tests run beside `make up`.
const testPort = (port: number) => port + 1000;

function start(name: string, env: Record<string, string> = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './src/instrument.ts', 'src/main.ts'], {
    cwd: resolve(root, 'apps', name),
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', LOG_LEVEL: 'warn', ...env },
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
    for (const s of services) running.set(s.name, start(s.name, { PORT: String(testPort(s.port)) }));
  });
  afterAll(() => {
    for (const child of running.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('each becomes ready against the real database, Redis and Kafka', async () => {
    for (const s of services) {
      const body = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${testPort(s.port)}/ready`);
        expect(response.status, running.get(s.name)!.output()).toBe(200);
        return response.json();
      }, 60_000, 250);
      expect(body).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', kafka: 'up' } });
    }
  });

  it('each serves liveness, metrics, its OpenAPI document and the error envelope', async () => {
    for (const s of services) {
      const base = `http://127.0.0.1:${testPort(s.port)}`;
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/http_request_duration_seconds_bucket/);
      expect(await (await fetch(`${base}/openapi.json`)).json()).toMatchObject({ openapi: '3.1.0', info: { title: s.name } });
      const missing = await fetch(`${base}/api/v1/nothing-here`, { headers: { 'x-request-id': 'req-e2e-1' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-request-id')).toBe('req-e2e-1');
      expect(await missing.json()).toEqual({
        error: { code: 'NOT_FOUND', message: expect.any(String), request_id: 'req-e2e-1', timestamp: expect.any(String) },
      });
    }
  });

  it('each shuts down cleanly on SIGTERM', async () => {
    for (const [name, child] of running) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, `${name}: ${child.output()}`).toBe(0);
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
});
