import { randomUUID } from 'node:crypto';
import { deadLetterTopic, namespacedTopic, services, topicSpecs, type ServiceName } from '@shop/contracts';
import { createKafka, deleteTopics, ensureTopics, messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, testServers, uniqueSuffix, type TestSchema } from '@shop/testing';
// The checker reads a real provider's ledger; only the simulator can be told to hold an impossible
// one. eslint.config.mjs lets app tests (not yet e2e) use dev/ programs.
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { seedCleanWorld, type CleanWorld } from './clean-world.js';

export const sagaTimeoutSeconds = 600;
export const outboxAgeSeconds = 60;

/** What the clean world and the plants write besides the outboxes (a reset empties them). */
const writtenTables: Partial<Record<ServiceName, readonly string[]>> = {
  'inventory-service': ['products', 'reservations'],
  'order-service': ['orders'],
  'payment-service': ['payments'],
};

export interface InvariantWorld {
  readonly namespace: string;
  readonly provider: RunningSimulator;
  readonly seed: CleanWorld;
  query<Row = Record<string, unknown>>(service: ServiceName, text: string, ...values: unknown[]): Promise<Row[]>;
  /** The checker's options for this world: its schemas, topics and provider; --json. */
  args(...extra: string[]): string[];
  /** Empties every table, starts a fresh provider and seeds the clean world again. */
  reset(): Promise<void>;
  /** Puts records on one of this world's dead-letter topics. */
  deadLetter(sourceTopic: string, reasons: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * A throw-away platform for the checker: every service's schema migrated afresh, with the
 * database's own guards against oversell, negative stock and a second payment per order removed
 * so that the states they refuse can be planted; dead-letter topics of a namespace of its own; an
 * in-process provider simulator on a free port.
 */
export async function createInvariantWorld(): Promise<InvariantWorld> {
  const schemas = {} as Record<ServiceName, TestSchema>;
  const query = async <Row>(service: ServiceName, text: string, ...values: unknown[]) =>
    (await schemas[service].pool.query(text, values)).rows as Row[];
  const namespace = `inv${uniqueSuffix()}`;
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: `invariants-${namespace}` });
  const dlqs = topicSpecs.map((t) => deadLetterTopic(namespacedTopic(t.name, namespace)));
  const producer = kafka.producer();
  const removeAll = async () => {
    await deleteTopics(kafka, { names: dlqs });
    for (const schema of Object.values(schemas)) await schema.drop();
  };
  let provider: RunningSimulator | undefined;
  let seed: CleanWorld;
  try {
    for (const s of services) schemas[s.name] = await createServiceTestSchema(s.name, messagingMigrationsDir);
    await query(
      'inventory-service',
      `ALTER TABLE products DROP CONSTRAINT products_reserved_within_stock,
         DROP CONSTRAINT products_stock_on_hand_check, DROP CONSTRAINT products_reserved_check`,
    );
    await query('payment-service', 'ALTER TABLE payments DROP CONSTRAINT payments_order_id_key');
    await ensureTopics(
      kafka,
      dlqs.map((name) => ({ name, partitions: 1 })),
    );
    await producer.connect();
    provider = await startProviderSimulator();
    seed = await seedCleanWorld(query, provider.url, sagaTimeoutSeconds);
  } catch (error) {
    // A world half made is still removed: schemas and topics left behind slow the shared servers.
    await producer.disconnect().catch(() => undefined);
    await provider?.close().catch(() => undefined);
    await removeAll().catch(() => undefined);
    throw error;
  }
  let running = provider;

  return {
    namespace,
    get provider() {
      return running;
    },
    get seed() {
      return seed;
    },
    query,
    args: (...extra) => [
      '--json',
      '--database-url',
      testServers.adminDatabaseUrl,
      ...services.flatMap((s) => ['--schema', `${s.schema}=${schemas[s.name].schema}`]),
      '--brokers',
      testServers.kafkaBrokers.join(','),
      '--namespace',
      namespace,
      '--provider-url',
      running.url,
      '--settle-seconds',
      '0',
      '--saga-timeout-seconds',
      String(sagaTimeoutSeconds),
      '--outbox-age-seconds',
      String(outboxAgeSeconds),
      ...extra,
    ],
    async reset() {
      for (const s of services) {
        const tables = ['outbox', ...(writtenTables[s.name] ?? [])];
        await query(s.name, `TRUNCATE ${tables.join(', ')} CASCADE`);
      }
      await running.close();
      running = await startProviderSimulator();
      seed = await seedCleanWorld(query, running.url, sagaTimeoutSeconds);
    },
    async deadLetter(sourceTopic, reasons) {
      const topic = deadLetterTopic(namespacedTopic(sourceTopic, namespace));
      await producer.send({
        topic,
        messages: reasons.map((reason) => ({
          key: randomUUID(),
          value: '{"not":"an event"}',
          headers: { dlq_reason: reason, dlq_source_topic: namespacedTopic(sourceTopic, namespace) },
        })),
      });
      return topic;
    },
    async close() {
      await producer.disconnect();
      await running.close();
      await removeAll();
    },
  };
}
