import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deadLetterTopic, defineEvent, namespacedTopic } from '@shop/contracts';
import {
  EventConsumer,
  EventPublisher,
  createCloudEvent,
  createKafka,
  deleteConsumerGroups,
  deleteTopics,
  ensureTopics,
  exactlyOnce,
  messagingMigrationsDir,
  on,
  toKafkaHeaders,
} from '@shop/messaging';
import { readMessages } from '@shop/messaging/testing';
import { transactions } from '@shop/persistence';
import { createTestSchema, eventually, testServers, uniqueSuffix, type TestSchema } from '@shop/testing';
import { runDlq } from './dlq-cli.js';

/**
 * npm run dlq over the real broker, against a real consumer of the platform (EventConsumer with its
 * inbox): a poison event is dead-lettered, its cause fixed, and the redrive applies it exactly once.
 */
const namespace = `test-dlq-${uniqueSuffix()}`;
const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: namespace });
const probeHappened = defineEvent('com.shop.test.dlq-probe.v1', 'probe.events', z.object({ seq: z.number().int() }));
const source = namespacedTopic(probeHappened.topic, namespace);
const dlq = deadLetterTopic(source);
const groupId = `${namespace}.probe-consumer`;
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const dlqCli = (...args: string[]) => runDlq(args, { KAFKA_TOPIC_NAMESPACE: namespace });
// Each run of the CLI starts a process (seconds on a busy machine); the consumer's waits get room too.
const cliTestTimeoutMs = 180_000;
const consumerWaitMs = 30_000;

describe('npm run dlq', () => {
  let db: TestSchema;
  let publisher: EventPublisher;
  let consumer: EventConsumer;
  /** The events whose handler fails until its cause is fixed (the seq is taken out). */
  const broken = new Set<number>();

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { name: source, partitions: 1 },
      { name: dlq, partitions: 1 },
    ]);
    db = await createTestSchema('dlq', [messagingMigrationsDir]);
    await db.pool.query('CREATE TABLE effects (event_id UUID NOT NULL, seq INT NOT NULL)');
    publisher = new EventPublisher(kafka);
    const apply = exactlyOnce<{ seq: number }>(groupId, transactions(db.pool), async (tx, event) => {
      if (broken.has(event.data.seq)) throw new Error(`seq ${event.data.seq}: the cause is not fixed yet`);
      await tx.execute('INSERT INTO effects (event_id, seq) VALUES ($1::uuid, $2)', event.id, event.data.seq);
    });
    consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters: publisher,
      topicNamespace: namespace,
      retry: { attempts: 2, initialDelayMs: 10 },
      offsetCommitIntervalMs: 100,
      subscriptions: [on(probeHappened, apply)],
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher?.disconnect();
    await db?.drop();
    await deleteTopics(kafka, { prefix: `${namespace}.` });
    await deleteConsumerGroups(kafka, { prefix: namespace });
  });

  /** Publishes a probe event whose handler fails for good until `broken` lets go of its seq. */
  const sendPoison = async (seq: number) => {
    broken.add(seq);
    const event = createCloudEvent('dlq-e2e', { type: probeHappened.type, subject: `probe-${seq}`, data: { seq } });
    await publisher.publish([
      {
        topic: source,
        key: event.subject,
        value: JSON.stringify(event.data),
        headers: toKafkaHeaders(event, { traceparent }),
      },
    ]);
    return event;
  };
  const timesApplied = async (eventId: string) =>
    (await db.pool.query('SELECT count(*)::int AS n FROM effects WHERE event_id = $1', [eventId])).rows[0].n;
  const withAdmin = async <R>(work: (admin: ReturnType<typeof kafka.admin>) => Promise<R>) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  const endOf = (topic: string) => withAdmin(async (admin) => (await admin.fetchTopicOffsets(topic))[0]!.high);
  const committedOffset = () =>
    withAdmin(async (admin) => (await admin.fetchOffsets({ groupId, topics: [source] }))[0]!.partitions[0]!.offset);
  const listedTopics = () => withAdmin((admin) => admin.listTopics());

  it(
    'dead-lettered, looked at, cause fixed, redriven: applied exactly once, even when redriven twice',
    async () => {
      const poison = await sendPoison(1);
      const dead = (await readMessages(kafka, dlq, 1)).find((m) => m.headers!.ce_id!.toString() === poison.id)!;

      const listed = await dlqCli('list', '--topic', probeHappened.topic);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      const line = listed.stdout.split('\n').find((l) => l.startsWith(poison.id));
      expect(line).toContain(`${probeHappened.type}  handler_failed  attempts=2`);
      expect(line).toContain(`source=0@${dead.headers!.dlq_source_offset}  group=${groupId}`);
      expect(line).toContain('seq 1: the cause is not fixed yet');
      expect(listed.stdout).toMatch(new RegExp(`1 dead letter waiting on ${dlq} \\(0 redriven\\): handler_failed=1`));

      const shown = await dlqCli('show', '--topic', `${probeHappened.topic}.dlq`, '--id', poison.id);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/dlq_reason\s+handler_failed/);
      expect(shown.stdout).toMatch(new RegExp(`traceparent\\s+${traceparent}`));
      expect(shown.stdout).toContain('{\n  "seq": 1\n}');

      const sourceEnd = await endOf(source);
      const dryRun = await dlqCli('redrive', '--topic', probeHappened.topic, '--id', poison.id, '--dry-run');
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain(`would republish ${poison.id} to ${source}`);
      expect(await endOf(source)).toBe(sourceEnd);
      expect(await listedTopics()).not.toContain(`${dlq}.redriven`);
      expect((await dlqCli('list', '--topic', probeHappened.topic)).stdout).toContain(poison.id);

      broken.delete(1);
      const redriven = await dlqCli('redrive', '--topic', probeHappened.topic, '--id', poison.id);
      expect(redriven.code).toBe(0);
      expect(redriven.stdout).toContain(`republished ${poison.id} to ${source}`);
      await eventually(async () => expect(await timesApplied(poison.id)).toBe(1), consumerWaitMs);
      const [sent, again] = await readMessages(kafka, source, 2);
      expect(again!.key!.toString()).toBe(sent!.key!.toString());
      expect(again!.value!.toString()).toBe(sent!.value!.toString());
      const headersOf = (m: typeof sent) =>
        Object.fromEntries(Object.entries(m!.headers!).map(([name, value]) => [name, value!.toString()]));
      expect(headersOf(again)).toEqual({ ...headersOf(sent), dlq_redrive_count: '1' });

      const afterRedrive = await dlqCli('list', '--topic', probeHappened.topic);
      expect(afterRedrive.stdout).not.toContain(poison.id);
      expect(afterRedrive.stdout).toContain(`no dead letters waiting on ${dlq} (1 redriven)`);

      // Named again, it goes again; the consumer's inbox has applied that event id already.
      const twice = await dlqCli('redrive', '--topic', probeHappened.topic, '--id', poison.id);
      expect(twice.stdout).toContain(`republished ${poison.id} to ${source} key=probe-1 dlq_redrive_count=2`);
      const end = await endOf(source);
      expect(Number(end)).toBe(Number(sourceEnd) + 2);
      await eventually(async () => expect(await committedOffset()).toBe(end), consumerWaitMs);
      expect(await timesApplied(poison.id)).toBe(1);
    },
    cliTestTimeoutMs,
  );

  it(
    '--all redrives every waiting dead letter and leaves none listed',
    async () => {
      const deadBefore = Number(await endOf(dlq));
      const poisons = [await sendPoison(2), await sendPoison(3)];
      await eventually(async () => expect(Number(await endOf(dlq))).toBe(deadBefore + 2), consumerWaitMs);
      const listed = (await dlqCli('list', '--topic', probeHappened.topic)).stdout;
      for (const { id } of poisons) expect(listed).toContain(id);
      for (const { data } of poisons) broken.delete(data.seq);

      const redriven = await dlqCli('redrive', '--topic', `${probeHappened.topic}.dlq`, '--all');
      expect(redriven.code).toBe(0);
      for (const { id } of poisons) {
        expect(redriven.stdout).toContain(`republished ${id}`);
        await eventually(async () => expect(await timesApplied(id)).toBe(1), consumerWaitMs);
      }
      expect((await dlqCli('list', '--topic', probeHappened.topic)).stdout).toMatch(/^no dead letters waiting/m);
    },
    cliTestTimeoutMs,
  );

  it(
    'exits 2 for a missing topic or event and 64 for a usage error, changing nothing',
    async () => {
      const missingTopic = await dlqCli('list', '--topic', 'nothing.events');
      expect(missingTopic).toMatchObject({ code: 2, stdout: '' });
      expect(missingTopic.stderr).toContain(`no topic ${namespace}.nothing.events.dlq`);

      const unknownId = randomUUID();
      for (const command of ['show', 'redrive']) {
        const missingEvent = await dlqCli(command, '--topic', probeHappened.topic, '--id', unknownId);
        expect(missingEvent).toMatchObject({ code: 2 });
        expect(missingEvent.stderr).toContain(`no dead letter of event ${unknownId} on ${dlq}`);
      }

      const usage = await dlqCli('redrive', '--topic', probeHappened.topic);
      expect(usage).toMatchObject({ code: 64 });
      expect(usage.stderr).toContain('redrive needs either --id <event id> or --all');
      expect(usage.stderr).toContain('usage: npm run dlq');
    },
    cliTestTimeoutMs,
  );
});
