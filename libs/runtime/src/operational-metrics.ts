import type { Pool } from '@shop/persistence';
import type { Kafka, OutboxRelay } from '@shop/messaging';
import { Counter } from 'prom-client';
import { scrapedGauge, type Metrics } from '@shop/telemetry';

export interface ConsumerGroupRef {
  readonly groupId: string;
  readonly topics: readonly string[];
}

/**
 * The gauges an on-call engineer reads first, computed at scrape time: the connection pool, the
 * outbox backlog, and each consumer group's lag per topic.
 */
export function registerOperationalMetrics(
  metrics: Metrics,
  parts: { pool: Pool; relay: OutboxRelay; kafka: Kafka; groups: () => readonly ConsumerGroupRef[] },
): void {
  scrapedGauge(metrics, 'db_pool_total', 'Connections in the pool', [], (set) => set(parts.pool.totalCount));
  scrapedGauge(metrics, 'db_pool_idle', 'Idle connections in the pool', [], (set) => set(parts.pool.idleCount));
  scrapedGauge(metrics, 'db_pool_waiting', 'Queries waiting for a connection', [], (set) =>
    set(parts.pool.waitingCount),
  );
  scrapedGauge(metrics, 'outbox_backlog', 'Outbox rows not yet published', [], async (set) =>
    set(await parts.relay.backlog()),
  );
  scrapedGauge(
    metrics,
    'consumer_lag',
    'Messages not yet consumed, per group and topic',
    ['group', 'topic'],
    async (set) => {
      const groups = parts.groups();
      if (groups.length === 0) return;
      const admin = parts.kafka.admin();
      await admin.connect();
      try {
        for (const { groupId, topics } of groups) {
          const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
          for (const { topic, partitions } of committed) {
            const latest = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
            const lag = partitions.reduce(
              (sum, p) => sum + Math.max(0, (latest.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))),
              0,
            );
            set(lag, { group: groupId, topic });
          }
        }
      } finally {
        await admin.disconnect();
      }
    },
  );
}

/**
 * events_parked_total: events a consumer parked in `<topic>.dlq` because it neither handles nor
 * ignores their type (a newer producer's version, most often), to be redriven after its upgrade.
 */
export function parkedEventsCounter(metrics: Metrics): Counter<'topic' | 'type' | 'reason'> {
  return new Counter({
    name: 'events_parked_total',
    help: 'Events parked in the dead-letter topic because the consumer does not know their type, by type',
    labelNames: ['topic', 'type', 'reason'] as const,
    registers: [metrics.registry],
  });
}
