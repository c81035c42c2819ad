/** A consumer whose broker is gone for longer than its client retries: not ready, and its process exits. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceInfo } from '@shop/contracts';
import { createHttpApp } from '@shop/http';
import { createKafka, messagingMigrationsDir, on } from '@shop/messaging';
import { createTestSchema, eventually, type TestSchema } from '@shop/testing';
import { baseConfigSchema, devDefaults, parseConfig } from './config.js';
import { createInfrastructure } from './infrastructure.js';
import { probeEvent, probeGroupId } from './test-support/probe-event.js';
import { startThrowawayKafka, type ThrowawayKafka } from './test-support/throwaway-kafka.js';

const probeService = resolve(import.meta.dirname, 'test-support/probe-service.ts');

const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    work,
    sleep(ms, undefined, { ref: false }).then(() => Promise.reject(new Error(`${what} within ${ms} ms`))),
  ]);

describe('a consumer that gave up', () => {
  let broker: ThrowawayKafka | undefined;
  let db: TestSchema | undefined;

  beforeAll(async () => {
    broker = await startThrowawayKafka([probeEvent.topic]);
    db = await createTestSchema('gave_up', [messagingMigrationsDir]);
  }, 120_000);
  afterAll(async () => {
    await broker?.remove();
    await db?.drop();
  });

  it('makes /ready fail, and its process drain and exit non-zero for its supervisor to restart it', async () => {
    const env = {
      DATABASE_URL: db!.url,
      DATABASE_SCHEMA: db!.schema,
      KAFKA_BROKERS: broker!.brokers.join(','),
      // No restart after the client's own retries: the first crash is the last.
      KAFKA_CONSUMER_GIVE_UP_MS: '0',
      APP_PROFILE: 'test',
      PORT: '0',
      METRICS_PORT: '0',
      RATE_LIMIT_ENABLED: 'false',
    };
    // The service as its supervisor runs it ...
    const child = spawn(process.execPath, ['--import', 'tsx', probeService], {
      env: { ...process.env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // ... and the same infrastructure in this process, to ask its /ready.
    const defaults = devDefaults(serviceInfo('notification-service'));
    const config = parseConfig(baseConfigSchema, { ...defaults, ...env, LOG_LEVEL: 'silent' });
    const infra = createInfrastructure('notification-service', config);
    const consumer = infra.consumer('in-process', [on(probeEvent, async () => undefined)]);
    const app = await createHttpApp('probe', infra);
    const admin = createKafka({ brokers: broker!.brokers, clientId: 'gave-up-test' }).admin();
    try {
      await consumer.start();
      await admin.connect();
      await eventually(async () => {
        const [group] = (await admin.describeGroups([probeGroupId('probe')])).groups;
        expect(group?.state, output).toBe('Stable');
      }, 60_000);
      const before = await app.inject('/ready');
      expect(before.json()).toEqual({
        status: 'ready',
        checks: { database: 'up', redis: 'up', kafka: 'up', consumers: 'up' },
      });

      await broker!.kill();

      const [code, signal] = await within(exited, 60_000, 'the service did not exit');
      expect({ code, signal }, output).toEqual({ code: 1, signal: null });
      expect(output).toMatch(/"msg":"consumer gave up"/);
      // It drained (the consumers, the relay, the connections): not cut off by the shutdown timeout.
      expect(output).toMatch(/"msg":"stopped"/);

      await within(infra.consumerGaveUp, 30_000, 'the in-process consumer did not give up');
      const after = await app.inject('/ready');
      expect(after.statusCode).toBe(503);
      expect(after.json().checks).toMatchObject({ consumers: 'down' });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await admin.disconnect().catch(() => undefined);
      await consumer.stop().catch(() => undefined);
      await app.close();
      await infra.close();
    }
  }, 150_000);
});
