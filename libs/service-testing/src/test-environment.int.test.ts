import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseConfig, ServiceDefinition } from '@shop/runtime';
import { createHttpApp } from '@shop/http';
import { createTestEnvironment, type TestEnvironment } from './test-environment.js';

// A minimal service built the way real ones are, to prove the harness wires it to the real servers.
const probeService: ServiceDefinition<BaseConfig> = {
  name: 'order-service',
  async build(infra) {
    const app = await createHttpApp({ name: 'probe', logger: infra.logger, metrics: infra.metrics, readiness: infra.readiness, publicKey: infra.publicKey });
    return { app, consumers: [] };
  },
};

describe('test environment', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('starts a service on its own migrated schema and namespaced topics, ready against the real servers', async () => {
    const service = await env.start(probeService);
    expect(service.config.DATABASE_SCHEMA).toMatch(/^t_order_/);
    expect(service.config.KAFKA_TOPIC_NAMESPACE).toBe(env.namespace);
    const { rows } = await service.infra.pool.query(`SELECT current_schema() AS schema, to_regclass('orders') IS NOT NULL AS migrated`);
    expect(rows[0]).toEqual({ schema: service.config.DATABASE_SCHEMA, migrated: true });
    const ready = await service.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', kafka: 'up' } });
  });
});
