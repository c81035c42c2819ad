/** The event consumer waiting out an outage for longer than its session: it keeps its group. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { eventually, type TestSchema } from '@shop/testing';
import { EventConsumer, EventPublisher, on } from './index.js';
import { createTestTopics, testKafka } from './testing.js';
import { thingHappened } from './test-support/fixtures.js';
import { closeConsumerTestBed, openConsumerTestBed, sendTestEvent } from './test-support/consumer-test-bed.js';

const kafka = testKafka();
// The broker's smallest session timeout (group.min.session.timeout.ms), so the outage outlasts it soon.
const sessionTimeoutMs = 6000;
const outageMs = sessionTimeoutMs * 1.5;

describe('event consumer', () => {
  let db: TestSchema;
  let deadLetters: EventPublisher;
  let raw: Producer;

  beforeAll(async () => {
    ({ db, deadLetters, raw } = await openConsumerTestBed(kafka));
  });
  afterAll(() => closeConsumerTestBed(kafka, { db, deadLetters, raw }));

  it('heartbeats while a handler waits out an outage longer than its session: the group never rebalances', async () => {
    const { topic } = await createTestTopics(kafka, 'heartbeat', 1);
    const groupId = `heartbeat-${db.schema}`;
    let firstAttemptAt: number | undefined;
    let failedAttempts = 0;
    let handled = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      sessionTimeoutMs,
      heartbeatIntervalMs: 1000,
      offsetCommitIntervalMs: 100,
      retry: { attempts: 2, initialDelayMs: 100, maxDelayMs: 2000 },
      subscriptions: [
        on(thingHappened(topic), async () => {
          firstAttemptAt ??= Date.now();
          if (Date.now() - firstAttemptAt < outageMs) {
            failedAttempts++;
            throw Object.assign(new Error('the database system is shutting down'), { code: '57P03' });
          }
          handled++;
        }),
      ],
    });
    const admin = kafka.admin();
    await admin.connect();
    const members = async () =>
      (await admin.describeGroups([groupId])).groups[0]!.members.map((member) => member.memberId);
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset;
    try {
      await consumer.start();
      const joinedAs = await eventually(async () => {
        const ids = await members();
        expect(ids).toHaveLength(1);
        return ids;
      });
      await sendTestEvent(raw, topic, { key: 'k', seq: 1 });
      // Handled and committed: the group has settled after the outage.
      await eventually(async () => expect(await committed()).toBe('1'), outageMs + 20_000);
      expect(Date.now() - firstAttemptAt!).toBeGreaterThan(sessionTimeoutMs);
      expect(failedAttempts).toBeGreaterThan(2);
      expect(handled).toBe(1);
      // The same member throughout: its session never expired, the group never had to rejoin.
      expect(await members()).toEqual(joinedAs);
    } finally {
      await consumer.stop();
      await admin.disconnect();
    }
  });
});
