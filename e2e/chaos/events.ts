import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Topics } from '@shop/contracts';
import { createKafka, type Kafka } from '@shop/messaging';
import type { ChaosWorld } from './world/world.js';

/** Kafka record headers as the client gives them. */
type IHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A record as it was on its topic, to be sent again as it was or spoilt. */
interface Recorded {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  readonly offset: string;
}

export const sagaTopics = [Topics.orders, Topics.inventory, Topics.payments] as const;
export const everyTopic = Object.values(Topics);

const kafkaOf = (world: ChaosWorld): Kafka => createKafka({ brokers: world.kafka.brokers, clientId: 'chaos-injector' });

/** The last `count` records of the topic's only partition (the world has one per topic). */
export async function readTail(world: ChaosWorld, topic: string, count: number): Promise<Recorded[]> {
  const kafka = kafkaOf(world);
  const admin = kafka.admin();
  await admin.connect();
  const [partition] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const high = Number(partition!.high);
  const from = Math.max(Number(partition!.low), high - count);
  if (high === from) return [];
  const groupId = `chaos-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const records: Recorded[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read only ${records.length} records of ${topic}`)), 30_000);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          if (Number(message.offset) < from || Number(message.offset) >= high) return;
          records.push({
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
            offset: message.offset,
          });
          if (Number(message.offset) === high - 1) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    consumer.seek({ topic, partition: 0, offset: String(from) });
    await done;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const admin2 = kafka.admin();
    await admin2.connect();
    await admin2.deleteGroups([groupId]).catch(() => undefined);
    await admin2.disconnect();
  }
  return records;
}

async function send(world: ChaosWorld, topic: string, records: readonly Omit<Recorded, 'offset'>[]): Promise<void> {
  const producer = kafkaOf(world).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ ...r })) });
  } finally {
    await producer.disconnect();
  }
}

/** The tail of each saga topic sent again: every event a second time, and in reverse order. */
export async function injectDuplicatedAndReordered(world: ChaosWorld): Promise<number> {
  let sent = 0;
  for (const topic of sagaTopics) {
    const tail = await readTail(world, topic, 30);
    await send(world, topic, tail);
    await send(world, topic, [...tail].reverse());
    sent += tail.length * 2;
  }
  return sent;
}

const header = (headers: IHeaders, name: string) => headers[name]?.toString() ?? '';

/**
 * One event per saga topic again under a new id and the next version of its type (`….v2`): a
 * newer producer's event an older consumer does not know. It must be parked, never dropped.
 */
export async function injectWrongVersion(world: ChaosWorld): Promise<Map<string, number>> {
  const parked = new Map<string, number>();
  for (const topic of sagaTopics) {
    const [last] = await readTail(world, topic, 1);
    if (!last) continue;
    parked.set(topic, await endOffset(world, topic));
    const type = header(last.headers, 'ce_type').replace(/\.v(\d+)$/, (_, v) => `.v${Number(v) + 1}`);
    await send(world, topic, [{ ...last, headers: { ...last.headers, ce_id: randomUUID(), ce_type: type } }]);
  }
  return parked;
}

/** A record on every topic that no consumer can read: the headers of an event, a payload that is not JSON. */
export async function injectPoison(world: ChaosWorld): Promise<Map<string, number>> {
  const poisoned = new Map<string, number>();
  for (const topic of everyTopic) {
    const [last] = await readTail(world, topic, 1);
    if (!last) continue;
    poisoned.set(topic, await endOffset(world, topic));
    await send(world, topic, [
      { key: last.key, value: Buffer.from('{"poison": '), headers: { ...last.headers, ce_id: randomUUID() } },
    ]);
  }
  return poisoned;
}

/** Records on each topic's dead-letter topic. */
export async function deadLetterSizes(world: ChaosWorld): Promise<Record<string, number>> {
  const admin = kafkaOf(world).admin();
  await admin.connect();
  try {
    const sizes: Record<string, number> = {};
    for (const topic of everyTopic) {
      const offsets = await admin.fetchTopicOffsets(deadLetterTopic(topic));
      sizes[topic] = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    }
    return sizes;
  } finally {
    await admin.disconnect();
  }
}

/** The offset the next record on the topic's only partition will get. */
async function endOffset(world: ChaosWorld, topic: string): Promise<number> {
  const admin = kafkaOf(world).admin();
  await admin.connect();
  try {
    return Number((await admin.fetchTopicOffsets(topic))[0]!.high);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The consumer groups of the services that consume `topic` and have not yet committed past
 * `offset` (a group that committed nothing on it does not consume it).
 */
export async function groupsBehind(world: ChaosWorld, topic: string, offset: number): Promise<string[]> {
  const admin = kafkaOf(world).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !g.startsWith('chaos-'));
    const behind: string[] = [];
    for (const groupId of groups) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = Number(committed?.partitions[0]?.offset ?? -1);
      if (at >= 0 && at <= offset) behind.push(groupId);
    }
    return behind;
  } finally {
    await admin.disconnect();
  }
}
