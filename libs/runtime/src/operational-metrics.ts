import type { Pool } from '@shop/persistence';
import type { Kafka, OutboxRelay } from '@shop/messaging';
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
