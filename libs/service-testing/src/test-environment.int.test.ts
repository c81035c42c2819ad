import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseConfig, ServiceDefinition } from '@shop/runtime';
import { UserEvents, allTopicSpecs } from '@shop/contracts';
import { createHttpApp } from '@shop/http';
import { createKafka, ensureTopics, on } from '@shop/messaging';
import { eventually, testServers } from '@shop/testing';
import { publishEvent } from './events.js';
import { createTestEnvironment, type TestEnvironment } from './test-environment.js';

// A minimal service built the way real ones are, to prove the harness wires it to the real servers.
const probeService: ServiceDefinition<BaseConfig> = {
  name: 'order-service',
  async build(infra) {
    const app = await createHttpApp('probe', {
      logger: infra.logger,
      metrics: infra.metrics,
      readiness: infra.readiness,
      publicKey: infra.publicKey,
    });
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
    const { rows } = await service.infra.pool.query(
      `SELECT current_schema() AS schema, to_regclass('orders') IS NOT NULL AS migrated`,
    );
    expect(rows[0]).toEqual({ schema: service.config.DATABASE_SCHEMA, migrated: true });
    const ready = await service.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', redis: 'up', kafka: 'up', consumers: 'up' },
    });
  });
});

describe('test environment stop', () => {
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: 'test-environment-stop' });

  let handled = 0;
  // Like a real service, its consumer commits offsets: that is what keeps a group once its members left.
  const consumingProbe: ServiceDefinition<BaseConfig> = {
    name: 'user-service',
    async build(infra) {
      const app = await createHttpApp('probe', {
        logger: infra.logger,
        metrics: infra.metrics,
        readiness: infra.readiness,
        publicKey: infra.publicKey,
      });
      return { app, consumers: [infra.consumer('probe', [on(UserEvents.UserDeleted, async () => void handled++)])] };
    },
  };

  async function namesStartingWith(prefix: string): Promise<{ topics: string[]; groups: string[] }> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
      return { topics, groups };
    } finally {
      await admin.disconnect();
    }
  }

  it('deletes every topic and consumer group of its namespace, also topics created after it started', async () => {
    const env = await createTestEnvironment();
    const prefix = `${env.namespace}.`;
    try {
      const service = await env.start(consumingProbe);
      await publishEvent(service, UserEvents.UserDeleted, { user_id: randomUUID() }, { subject: 'probe' });
      await eventually(async () => expect(handled).toBe(1));
      await service.stop();
      const createdLater = `${prefix}created-later.dlq`;
      await ensureTopics(kafka, [{ name: createdLater, partitions: 1 }]);
      const before = await namesStartingWith(prefix);
      expect(before.topics).toEqual(
        expect.arrayContaining([...allTopicSpecs(env.namespace).map((t) => t.name), createdLater]),
      );
      expect(before.groups).toEqual([`${prefix}user-service.probe`]);
    } finally {
      await env.stop();
    }

    // The listing comes from the broker's metadata, which may trail the controller that deleted them by a moment.
    await eventually(async () => expect(await namesStartingWith(prefix)).toEqual({ topics: [], groups: [] }), 5_000);
  });
});
