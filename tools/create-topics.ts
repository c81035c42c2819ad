import { allTopicSpecs } from '@shop/contracts';
import { createKafka, ensureTopics } from '@shop/messaging';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
// The counts in libs/contracts are a scaled-out deployment's. A deployment with fewer consumer
// replicas caps them (KAFKA_MAX_PARTITIONS): every partition is work for the broker on every fetch
// (kafkajs sends the whole partition list each time), and an event's run of neighbours in its
// partition, which a consumer applies in one transaction, gets shorter (docs/benchmarks.md).
const cap = Number(process.env.KAFKA_MAX_PARTITIONS ?? Infinity);
if (!(cap >= 1))
  throw new Error(`KAFKA_MAX_PARTITIONS must be a positive number, not ${process.env.KAFKA_MAX_PARTITIONS}`);
const specs = allTopicSpecs(process.env.KAFKA_TOPIC_NAMESPACE ?? '').map((t) => ({
  ...t,
  partitions: Math.min(t.partitions, cap),
}));
const created = await ensureTopics(createKafka({ brokers, clientId: 'create-topics' }), specs);
console.log(created.length ? `created topics: ${created.join(', ')}` : 'topics: all present');
