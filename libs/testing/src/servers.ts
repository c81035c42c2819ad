/** Where the real servers started by `infra/scripts/infra-up.sh` answer; tests never fake them. */
export const testServers = {
  adminDatabaseUrl: process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/shop',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
} as const;

/** A short random suffix that keeps one test's schema, topics and groups apart from another's. */
export const uniqueSuffix = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
