import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
// The dev/ programs run in-process, so that a fault drives the simulator's controls (as e2e/invariants does).
import { startMailSink, type MailSink } from '@shop/mail-sink';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { services, type ServiceName } from '@shop/contracts';
import { messagingMigrationsDir } from '@shop/messaging';
import { migrate } from '@shop/persistence';
import { startThrowawayKafkaCluster, type ThrowawayKafka } from '@shop/runtime/test-support/throwaway-kafka';
import { freeLoopbackPort } from './ports.js';
import { startChaosPostgres, type ChaosPostgres } from './postgres.js';
import { startChaosRedis, type ChaosRedis } from './redis.js';
import { serviceProcess, type ServiceProcess } from './service-process.js';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/**
 * The whole platform on servers of the suite's own (nothing of the shared PostgreSQL, Redis or
 * Kafka is touched): a PostgreSQL cluster, a Redis, a KRaft cluster of one or three brokers, the
 * five services as processes, the card-provider simulator and the mail sink in this process.
 */
export interface ChaosWorld {
  readonly postgres: ChaosPostgres;
  readonly redis: ChaosRedis;
  readonly kafka: ThrowawayKafka;
  readonly provider: RunningSimulator;
  readonly mail: MailSink;
  readonly services: ReadonlyMap<ServiceName, ServiceProcess>;
  service(name: ServiceName): ServiceProcess;
  url(name: ServiceName): string;
  /** Where the service serves GET /metrics. */
  metricsUrl(name: ServiceName): string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Options of `npm run check:invariants` pointing at this world (--strict-dlq unless told otherwise). */
  checkerArgs(options?: { strictDlq: boolean }): string[];
  close(): Promise<void>;
}

const worlds = new Set<() => void>();
const removeAllSync = () => {
  for (const remove of worlds) remove();
  worlds.clear();
};
process.once('exit', removeAllSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removeAllSync();
    process.exit(130);
  });
}

/** The service's schema is its default one (infra/postgres/bootstrap.sql creates it for its role). */
const schemaOf = (name: ServiceName) => services.find((s) => s.name === name)!.schema;
const roleOf = (name: ServiceName) => services.find((s) => s.name === name)!.role;

export async function startChaosWorld(options: { kafkaNodes?: 1 | 3 } = {}): Promise<ChaosWorld> {
  const removers: (() => void)[] = [];
  const removeSync = () => {
    for (const remove of removers.reverse()) {
      try {
        remove();
      } catch {
        // the others still go
      }
    }
  };
  worlds.add(removeSync);
  // What a failed start stops gracefully before the rest is removed.
  const stoppers: (() => Promise<void>)[] = [];
  const postgres = await startChaosPostgres();
  removers.push(() => postgres.removeSync());
  try {
    const redis = await startChaosRedis();
    removers.push(() => redis.removeSync());
    const nodes = options.kafkaNodes ?? 1;
    const kafka = await startThrowawayKafkaCluster({ nodes, readyTimeoutMs: 180_000 });
    removers.push(() => {
      void kafka.kill();
      rmSync(kafka.directory, { recursive: true, force: true });
    });
    stoppers.push(() => kafka.remove());
    await run(process.execPath, ['--import', 'tsx', 'tools/create-topics.ts'], {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_MAX_PARTITIONS: '1',
        KAFKA_REPLICATION_FACTOR: String(nodes),
        KAFKA_MIN_INSYNC_REPLICAS: String(Math.min(2, nodes)),
      },
    });
    for (const info of services) {
      await migrate({
        url: postgres.urlFor(info.role),
        schema: info.schema,
        dirs: [messagingMigrationsDir, resolve(root, 'apps', info.name, 'migrations')],
      });
    }
    const provider = await startProviderSimulator({ slowDelayMs: 3_000 });
    const mail = await startMailSink({ port: 0, keepInMemory: false });
    const ports = new Map<ServiceName, number>();
    const metricsPorts = new Map<ServiceName, number>();
    for (const info of services) ports.set(info.name, await freeLoopbackPort());
    for (const info of services) metricsPorts.set(info.name, await freeLoopbackPort());
    const urlOf = (name: ServiceName) => `http://127.0.0.1:${ports.get(name)}`;
    const processes = new Map<ServiceName, ServiceProcess>();
    for (const info of services) {
      const process = serviceProcess({
        name: info.name,
        cwd: `apps/${info.name}`,
        port: ports.get(info.name)!,
        env: {
          APP_PROFILE: 'test',
          PORT: String(ports.get(info.name)),
          METRICS_PORT: String(metricsPorts.get(info.name)),
          DATABASE_URL: postgres.urlFor(info.role),
          DATABASE_SCHEMA: info.schema,
          PGAPPNAME: `chaos-${info.name}`,
          REDIS_URL: redis.url,
          KAFKA_BROKERS: kafka.brokers.join(','),
          KAFKA_TOPIC_NAMESPACE: '',
          // Rate limits on, as deployed; the customers of the load are on the `load` tier (population.ts).
          RATE_LIMIT_ENABLED: 'true',
          PROVIDER_URL: provider.url,
          PROVIDER_BREAKER_RESET_TIMEOUT_MS: '5000',
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(mail.port),
          ORDER_SERVICE_URL: urlOf('order-service'),
          PAYMENT_SERVICE_URL: urlOf('payment-service'),
          NOTIFICATION_SERVICE_URL: urlOf('notification-service'),
        },
      });
      processes.set(info.name, process);
      removers.push(() => process.killSync());
      stoppers.push(() => process.stop());
    }
    removers.push(() => void provider.close());
    removers.push(() => void mail.close());
    await Promise.all([...processes.values()].map((p) => p.start()));

    const admin = new pg.Pool({ connectionString: postgres.adminUrl, max: 3 });
    // A database restart drops these connections; the pool opens new ones.
    admin.on('error', () => undefined);
    const world: ChaosWorld = {
      postgres,
      redis,
      kafka,
      provider,
      mail,
      services: processes,
      service: (name) => processes.get(name)!,
      url: urlOf,
      metricsUrl: (name) => `http://127.0.0.1:${metricsPorts.get(name)}/metrics`,
      query: async (sql, params = []) => (await admin.query(sql, params)).rows,
      checkerArgs: ({ strictDlq } = { strictDlq: true }) => [
        '--json',
        ...(strictDlq ? ['--strict-dlq'] : []),
        '--database-url',
        postgres.adminUrl,
        '--brokers',
        kafka.brokers.join(','),
        '--namespace',
        '',
        '--provider-url',
        provider.url,
        '--settle-seconds',
        '60',
      ],
      async close() {
        await Promise.all([...processes.values()].map((p) => p.stop()));
        await admin.end().catch(() => undefined);
        await provider.close().catch(() => undefined);
        await mail.close().catch(() => undefined);
        await kafka.remove();
        await redis.stop();
        await postgres.remove();
        worlds.delete(removeSync);
      },
    };
    return world;
  } catch (error) {
    await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
    await postgres.remove().catch(() => undefined);
    removeSync();
    worlds.delete(removeSync);
    throw error;
  }
}

export { roleOf, schemaOf };
