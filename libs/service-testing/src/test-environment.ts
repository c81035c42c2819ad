import type { FastifyInstance } from 'fastify';
import { allTopicSpecs, serviceInfo } from '@shop/contracts';
import {
  createKafka,
  deleteConsumerGroups,
  deleteTopics,
  ensureTopics,
  messagingMigrationsDir,
  type Kafka,
} from '@shop/messaging';
import {
  baseConfigSchema,
  createInfrastructure,
  devDefaults,
  parseConfig,
  type BaseConfig,
  type BuiltService,
  type Infrastructure,
  type ServiceDefinition,
} from '@shop/runtime';
import { createServiceTestSchema, testServers, uniqueSuffix, type TestSchema } from '@shop/testing';

export interface RunningTestService<C extends BaseConfig = BaseConfig> {
  readonly app: FastifyInstance;
  readonly infra: Infrastructure;
  readonly built: BuiltService;
  readonly config: C;
  /** The service's own fresh schema (admin connection, search_path set to it). */
  readonly db: TestSchema;
  stop(): Promise<void>;
}

interface StartOptions {
  /** Start a second instance of an already running service: same schema, same consumer group. */
  readonly replicaOf?: RunningTestService;
}

export interface TestEnvironment {
  /** Every topic of this environment is `<namespace>.<topic>`. */
  readonly namespace: string;
  /**
   * Builds a service from its real definition on the real servers, with its own schema, and starts
   * its relay, consumers and background work.
   */
  start<C extends BaseConfig>(
    definition: ServiceDefinition<C>,
    env?: Record<string, string>,
    options?: StartOptions,
  ): Promise<RunningTestService<C>>;
  stop(): Promise<void>;
}

/**
 * A private copy of the platform for one test file: its own topics (a namespace on the real
 * broker) and, per service, its own schema on the real database. Services started in one
 * environment talk to each other over Kafka exactly as in production.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const namespace = `t${uniqueSuffix()}`;
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: `test-env-${namespace}` });
  await ensureTopics(kafka, allTopicSpecs(namespace, 3));
  const running: RunningTestService<BaseConfig>[] = [];

  return {
    namespace,
    async start<C extends BaseConfig>(
      definition: ServiceDefinition<C>,
      env: Record<string, string> = {},
      options: StartOptions = {},
    ) {
      const db = options.replicaOf?.db ?? (await createServiceTestSchema(definition.name, messagingMigrationsDir));
      const schema = (definition.configSchema ?? baseConfigSchema) as typeof baseConfigSchema;
      const config = parseConfig(schema, {
        ...devDefaults(serviceInfo(definition.name)),
        APP_PROFILE: 'test',
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: db.schema,
        KAFKA_TOPIC_NAMESPACE: namespace,
        // Tests of other things make many requests as one caller; rate-limit tests turn it back on.
        RATE_LIMIT_ENABLED: 'false',
        ...env,
      }) as unknown as C;
      const infra = createInfrastructure(definition.name, config);
      const built = await definition.build(infra, config);
      await infra.relay.start();
      const joined = built.consumers.map((c) => c.waitUntilJoined(60_000));
      await Promise.all(built.consumers.map((c) => c.start()));
      await Promise.all(joined);
      await built.background?.start();
      await built.app.ready();
      let stopped = false;
      const service: RunningTestService<C> = {
        app: built.app,
        infra,
        built,
        config,
        db,
        async stop() {
          if (stopped) return;
          stopped = true;
          await built.background?.stop();
          await Promise.all(built.consumers.map((c) => c.stop()));
          await built.app.close();
          await built.close?.();
          await infra.close();
          if (!options.replicaOf) await db.drop();
        },
      };
      running.push(service as unknown as RunningTestService<BaseConfig>);
      return service;
    },
    async stop() {
      // Replicas first: they share their original's schema, which the original drops.
      try {
        for (const s of [...running].reverse()) await s.stop();
      } finally {
        await removeNamespace(kafka, namespace);
      }
    },
  };
}

/**
 * Deletes the environment's topics (with those created on the way, such as DLQs) and consumer groups:
 * left behind, thousands of them slow every request of the shared broker.
 */
async function removeNamespace(kafka: Kafka, namespace: string): Promise<void> {
  // Every topic of the environment, those of allTopicSpecs and any made on the way, carries the prefix.
  const prefix = `${namespace}.`;
  // Groups first: once their topics are gone, the broker drops them on its own while we list them.
  await warnOnFailure(`delete the consumer groups of ${namespace}`, () => deleteConsumerGroups(kafka, { prefix }));
  await warnOnFailure(`delete the topics of ${namespace}`, () => deleteTopics(kafka, { prefix }));
}

// A slow broker at clean-up must not fail the tests that already passed.
async function warnOnFailure(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.warn(`test environment: could not ${what}:`, error);
  }
}
