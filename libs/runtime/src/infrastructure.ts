import { Redis } from 'ioredis';
import { connectionConfig, createPool, type Pool } from '@shop/persistence';
import {
  createKafka,
  EventConsumer,
  EventPublisher,
  OutboxRelay,
  OutboxWriter,
  type Kafka,
  type Subscription,
} from '@shop/messaging';
import { createLogger, createMetrics, type Logger, type Metrics } from '@shop/telemetry';
import {
  loadPublicKey,
  type AccessTokenParties,
  type RateLimitOptions,
  type TokenRevocationOptions,
  type TrustProxy,
} from '@shop/http';
import type { BaseConfig } from './config.js';
import { parkedEventsCounter, registerOperationalMetrics, type ConsumerGroupRef } from './operational-metrics.js';

/** The connections one service process holds, built once at boot and closed once at shutdown. */
export interface Infrastructure {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly pool: Pool;
  readonly redis: Redis;
  readonly kafka: Kafka;
  readonly publisher: EventPublisher;
  readonly relay: OutboxRelay;
  /** Writes this service's events into its outbox, inside the caller's transaction. */
  readonly outbox: OutboxWriter;
  /** A consumer in this service's group `<service>.<name>`, dead-lettering through the shared producer. */
  consumer(name: string, subscriptions: readonly Subscription[]): EventConsumer;
  /** The database, Redis, the broker, and every consumer made here: not ready while one has crashed. */
  readonly readiness: Record<string, () => Promise<unknown>>;
  /**
   * Settles when one of its consumers gave up: it consumes nothing more, so the process should drain
   * and exit non-zero, and its supervisor start a fresh one. Never settles otherwise.
   */
  readonly consumerGaveUp: Promise<Error>;
  /** The key that verifies access tokens, read once at boot (empty when only the JWKS is configured) ... */
  readonly publicKey: string;
  /** ... or, when configured, the JWKS whose keys do. */
  readonly jwksUrl?: string;
  /** The `iss` and `aud` every access token must name (TOKEN_ISSUER, TOKEN_AUDIENCE). */
  readonly tokenParties: AccessTokenParties;
  readonly corsOrigins: readonly string[];
  /** Whose X-Forwarded-For to believe (TRUST_PROXY). */
  readonly trustProxy: TrustProxy;
  /** Where every service reads revoked users' not-before times (written by the user service). */
  readonly tokenRevocation: TokenRevocationOptions;
  /** The rate limiter's settings, when rate limiting is on. */
  readonly rateLimit?: RateLimitOptions;
  close(): Promise<void>;
}

export function createInfrastructure(service: string, config: BaseConfig): Infrastructure {
  const logger = createLogger(service, config.LOG_LEVEL);
  // With only the JWKS configured there is no key to read (and no development key to fall back on).
  const onlyJwks = config.JWKS_URL && !config.JWT_PUBLIC_KEY && !config.JWT_PUBLIC_KEY_FILE;
  const publicKey = onlyJwks
    ? ''
    : loadPublicKey({ JWT_PUBLIC_KEY: config.JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE: config.JWT_PUBLIC_KEY_FILE });
  const metrics = createMetrics(service);
  const database = { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: config.DATABASE_POOL_SIZE };
  const pool = createPool(database, (err) => logger.warn({ err }, 'idle database connection lost'));
  // Connects at once and keeps reconnecting; while it is away, commands fail fast instead of queueing.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: service,
    logger: logger.child({ component: 'kafka' }),
  });
  const publisher = new EventPublisher(kafka);
  const relay = new OutboxRelay({
    pool,
    listenConnection: connectionConfig(database),
    schema: config.DATABASE_SCHEMA,
    publisher,
    logger: logger.child({ component: 'outbox-relay' }),
  });
  const outbox = new OutboxWriter(service, config.DATABASE_SCHEMA, config.KAFKA_TOPIC_NAMESPACE);
  const groups: ConsumerGroupRef[] = [];
  registerOperationalMetrics(metrics, { pool, relay, kafka, groups: () => groups });
  const parked = parkedEventsCounter(metrics);
  const consumers: EventConsumer[] = [];
  let reportGaveUp!: (error: Error) => void;
  const consumerGaveUp = new Promise<Error>((resolve) => (reportGaveUp = resolve));
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const sharedRedisPrefix = config.KAFKA_TOPIC_NAMESPACE ? `${config.KAFKA_TOPIC_NAMESPACE}:` : '';

  return {
    logger,
    metrics,
    pool,
    redis,
    kafka,
    publisher,
    relay,
    outbox,
    publicKey,
    ...(config.JWKS_URL ? { jwksUrl: config.JWKS_URL } : {}),
    tokenParties: { issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE },
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    // Revocation is checked whether or not rate limits are on, under the prefix the user service writes with.
    tokenRevocation: { redis, keyPrefix: sharedRedisPrefix },
    ...(config.RATE_LIMIT_ENABLED ? { rateLimit: { redis, keyPrefix: sharedRedisPrefix } } : {}),
    consumer: (name, subscriptions) => {
      const groupId = `${config.KAFKA_TOPIC_NAMESPACE ? `${config.KAFKA_TOPIC_NAMESPACE}.` : ''}${service}.${name}`;
      const consumer = new EventConsumer({
        kafka,
        groupId,
        subscriptions,
        deadLetters: publisher,
        topicNamespace: config.KAFKA_TOPIC_NAMESPACE,
        logger: logger.child({ component: `consumer:${name}` }),
        onDeadLetter: (topic, reason) => metrics.deadLetters.inc({ topic, reason }),
        onParked: (topic, type, reason) => parked.inc({ topic, type, reason }),
        giveUpAfterMs: config.KAFKA_CONSUMER_GIVE_UP_MS,
        onGaveUp: reportGaveUp,
        onProcessed: (topic, mode, delaySeconds) => {
          metrics.eventsProcessed.inc({ topic, group: groupId, mode });
          metrics.eventDelay.observe({ topic, group: groupId }, delaySeconds);
        },
      });
      groups.push({ groupId: consumer.groupId, topics: consumer.topics });
      consumers.push(consumer);
      return consumer;
    },
    consumerGaveUp,
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
      consumers: async () => {
        for (const consumer of consumers) consumer.assertConsuming();
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
