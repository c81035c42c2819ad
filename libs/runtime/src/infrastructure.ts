import { Redis } from 'ioredis';
import type pg from 'pg';
import { connectionConfig, createPool } from '@shop/persistence';
import { createKafka, EventPublisher, OutboxRelay, type Kafka } from '@shop/messaging';
import { createLogger, createMetrics, type Logger, type Metrics } from '@shop/telemetry';
import type { BaseConfig } from './config.js';

/** The connections one service process holds, built once at boot and closed once at shutdown. */
export interface Infrastructure {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly kafka: Kafka;
  readonly publisher: EventPublisher;
  readonly relay: OutboxRelay;
  readonly readiness: Record<string, () => Promise<unknown>>;
  close(): Promise<void>;
}

export function createInfrastructure(service: string, config: BaseConfig): Infrastructure {
  const logger = createLogger(service, config.LOG_LEVEL);
  const metrics = createMetrics(service);
  const database = { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: config.DATABASE_POOL_SIZE };
  const pool = createPool(database);
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: service, logger: logger.child({ component: 'kafka' }) });
  const publisher = new EventPublisher(kafka);
  const relay = new OutboxRelay({
    pool,
    listenConnection: connectionConfig(database),
    schema: config.DATABASE_SCHEMA,
    publisher,
    logger: logger.child({ component: 'outbox-relay' }),
  });
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;

  return {
    logger,
    metrics,
    pool,
    redis,
    kafka,
    publisher,
    relay,
    readiness: {
      database: () => pool.query('SELECT 1'),
      redis: async () => {
        if (redis.status === 'wait') await redis.connect();
        return redis.ping();
      },
      kafka: async () => {
        adminConnected ??= admin.connect();
        await adminConnected;
        return admin.describeCluster();
      },
    },
    async close() {
      await relay.stop();
      await publisher.disconnect();
      if (adminConnected) await admin.disconnect().catch(() => undefined);
      redis.disconnect();
      await pool.end();
    },
  };
}
