/**
 * npm run bench:messaging — the messaging backbone under load, beside the broker's own figures.
 *
 * Writers commit domain-less transactions that each add one event to the outbox; one relay
 * publishes (woken by NOTIFY); one consumer applies each event exactly once through the inbox.
 * Measured: events/s through the whole path, and outbox-commit → handler-start latency.
 * Then, in the same run, Kafka's ProducerPerformance and EndToEndLatency tools on the same broker.
 * BENCH_SECONDS (default 30) and BENCH_WRITERS (default 8) tune it.
 */
import { z } from 'zod';
import { defineEvent } from '@shop/contracts';
import {
  EventConsumer,
  EventPublisher,
  OutboxRelay,
  OutboxWriter,
  createKafka,
  deleteConsumerGroups,
  deleteTopics,
  ensureTopics,
  exactlyOnce,
  messagingMigrationsDir,
  on,
} from '@shop/messaging';
import { transactions } from '@shop/persistence';
import { createTestSchema, uniqueSuffix } from '@shop/testing';
import { endToEndLatency, producerPerf } from './kafka-tools.js';
import { fmt, percentile } from './stats.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const writers = Number(process.env.BENCH_WRITERS ?? 8);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

const topic = `bench.messaging.${uniqueSuffix()}`;
const event = defineEvent(
  'com.shop.bench.tick.v1',
  topic,
  z.object({ writer: z.number(), seq: z.number(), committed_at_ms: z.number() }),
);
const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench-messaging' });
await ensureTopics(kafka, [
  { name: topic, partitions: 12 },
  { name: `${topic}.dlq`, partitions: 1 },
]);
const db = await createTestSchema('bench', [messagingMigrationsDir]);
const publisher = new EventPublisher(kafka);
const relay = new OutboxRelay({ pool: db.pool, listenConnection: db.connection, schema: db.schema, publisher });
const writer = new OutboxWriter('bench', db.schema);

const latencies: number[] = [];
let consumed = 0;
const inTx = transactions(db.pool);
const groupId = `bench-${db.schema}`;
const consumer = new EventConsumer({
  kafka,
  groupId,
  deadLetters: publisher,
  partitionsConsumedConcurrently: 12,
  subscriptions: [
    on(event, async (e) => {
      latencies.push(Date.now() - e.data.committed_at_ms);
      await exactlyOnce('bench', inTx, async () => undefined)(e);
      consumed++;
    }),
  ],
});

await relay.start();
const joined = consumer.waitUntilJoined();
await consumer.start();
await joined;

let written = 0;
/** Writers commit as fast as they can (rate undefined) or at a fixed total rate. */
async function writeFor(durationMs: number, ratePerSec?: number): Promise<void> {
  const until = Date.now() + durationMs;
  const gapMs = ratePerSec ? (writers * 1000) / ratePerSec : 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let seq = 0, next = Date.now(); Date.now() < until; seq++) {
        // The timestamp is taken just before COMMIT: the latency is commit → handler start.
        await inTx(async (tx) => {
          await writer.add(tx, event, {
            subject: `writer-${w}`,
            data: { writer: w, seq, committed_at_ms: Date.now() },
          });
        });
        written++;
        next += gapMs;
        if (gapMs > 0 && next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
      }
    }),
  );
  const drainStart = Date.now();
  while (consumed < written && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 50));
}

// Phase 1: saturation — how many events/s the whole path sustains.
const saturationStart = Date.now();
await writeFor((seconds * 1000) / 2);
const saturationRate = consumed / ((Date.now() - saturationStart) / 1000);
const saturationEvents = consumed;

// Phase 2: a steady load well under saturation — the latency an event sees in normal operation.
const steadyRate = Number(process.env.BENCH_RATE ?? 500);
latencies.length = 0;
await writeFor((seconds * 1000) / 2, steadyRate);

await consumer.stop();
await relay.stop();
await publisher.disconnect();
await db.drop();

// + 300 for the CloudEvents headers
const payloadBytes = JSON.stringify({ writer: 1, seq: 100000, committed_at_ms: Date.now() }).length + 300;
const perfTopic = `bench.kafka-perf.${uniqueSuffix()}`;
await ensureTopics(kafka, [{ name: perfTopic, partitions: 12 }]);
const broker = producerPerf(perfTopic, Math.max(written, 50_000), payloadBytes, brokers);
const e2eTopic = `bench.kafka-e2e.${uniqueSuffix()}`;
await ensureTopics(kafka, [{ name: e2eTopic, partitions: 1 }]);
const e2e = endToEndLatency(e2eTopic, 2000, payloadBytes, brokers);

// Left behind, the topics of past runs slow every request of the broker this bench measures.
try {
  await deleteTopics(kafka, { names: [topic, `${topic}.dlq`, perfTopic, e2eTopic] });
  await deleteConsumerGroups(kafka, { names: [groupId] });
} catch (error) {
  console.warn('could not delete the bench topics and consumer group:', error);
}

console.log(
  '\nmessaging backbone (outbox → relay → Kafka → consumer with inbox), ' +
    `${writers} writers, one event per transaction:`,
);
console.log(`  events written ${written}, consumed exactly once ${consumed}`);
console.log(
  `  saturation (${seconds / 2} s, unthrottled)  ` +
    `${fmt(saturationRate, 0)} events/s end to end (${saturationEvents} events)`,
);
console.log(
  `  steady ${steadyRate} events/s (${seconds / 2} s)  commit → handler start  ` +
    `p50 ${fmt(percentile(latencies, 50))} ms  p99 ${fmt(percentile(latencies, 99))} ms`,
);
console.log(`broker alone, same run (Kafka ${'3.9.1'} tools, ~${payloadBytes} B records, acks=all, idempotent):`);
console.log(
  `  ProducerPerformance  ${fmt(broker.recordsPerSec, 0)} records/s, ` +
    `latency p50 ${broker.p50Ms} ms p99 ${broker.p99Ms} ms`,
);
console.log(
  `  EndToEndLatency      p50 ${fmt(e2e.p50Ms)} ms  p99 ${fmt(e2e.p99Ms)} ms  ` +
    `(avg ${fmt(e2e.avgMs)} ms, one message at a time)`,
);
process.exit(0);
