import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTopicSpecs, deadLetterTopic, eventCatalogue, namespacedTopic } from '@shop/contracts';
import { createCloudEvent, createKafka, EventPublisher, toKafkaHeaders } from '@shop/messaging';
import { eventually, testServers } from '@shop/testing';
import { admin, call, createProduct, newCustomer, shippingAddress } from '../support/api.js';
import type { Stack } from '../support/stack.js';
import { startSecurityStack } from './support/security-stack.js';

/** The topics a group member subscribed to (its metadata: int16 version, int32 count, int16-length strings). */
function subscribedTopics(memberMetadata: Buffer): string[] {
  const topics: string[] = [];
  let at = 2;
  const count = memberMetadata.readInt32BE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const length = memberMetadata.readInt16BE(at);
    topics.push(memberMetadata.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  return topics;
}

interface DeadLetter {
  readonly key: string;
  readonly reason: string;
  readonly group: string;
}

/**
 * Malformed and wrong-version events on every topic of the platform (docs/architecture.md, dead
 * letters): not JSON, JSON without the CloudEvent headers, a known type with a payload its contract
 * refuses, and the next version of a known type, which nobody handles yet. Every consumer group of the topic (found
 * on the broker) writes each to `<topic>.dlq` with a dlq_reason and carries on: an order placed after
 * them is confirmed, and a sign-up and an audited change made after them are applied.
 */
describe('poison events on every topic', () => {
  let stack: Stack;
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: `poison-${randomUUID().slice(0, 8)}` });
  const publisher = new EventPublisher(kafka);
  let reader: ReturnType<typeof kafka.consumer>;
  const deadLetters = new Map<string, DeadLetter[]>();
  /** Each source topic of the stack, with the consumer groups subscribed to it. */
  const groupsByTopic = new Map<string, string[]>();
  const sourceTopics = () => [...groupsByTopic.keys()];

  beforeAll(async () => {
    stack = await startSecurityStack(9700);
    const broker = kafka.admin();
    await broker.connect();
    try {
      const sources = allTopicSpecs(stack.namespace)
        .map((t) => t.name)
        .filter((name) => !name.endsWith('.dlq'));
      for (const name of sources) groupsByTopic.set(name, []);
      const ours = (await broker.listGroups()).groups.filter((g) => g.groupId.startsWith(`${stack.namespace}.`));
      for (const group of (await broker.describeGroups(ours.map((g) => g.groupId))).groups) {
        for (const member of group.members) {
          for (const topic of subscribedTopics(member.memberMetadata)) {
            const groups = groupsByTopic.get(topic);
            if (groups && !groups.includes(group.groupId)) groups.push(group.groupId);
          }
        }
      }
    } finally {
      await broker.disconnect();
    }
    reader = kafka.consumer({ groupId: `${stack.namespace}.poison-reader` });
    await reader.connect();
    await reader.subscribe({ topics: sourceTopics().map(deadLetterTopic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        const entry = {
          key: message.key?.toString() ?? '',
          reason: header('dlq_reason'),
          group: header('dlq_consumer_group'),
        };
        deadLetters.set(topic, [...(deadLetters.get(topic) ?? []), entry]);
      },
    });
    await publisher.connect();
  }, 240_000);
  afterAll(async () => {
    await reader?.disconnect();
    await publisher.disconnect();
    await stack?.stop();
  });

  /** The four poison messages of a topic, keyed so that their dead letters can be told apart. */
  const poisonFor = (topic: string) => {
    const types = [...eventCatalogue.values()].filter((d) => namespacedTopic(d.topic, stack.namespace) === topic);
    const cloudEvent = (type: string, data: unknown) => {
      const event = createCloudEvent('poison-test', { type, subject: `poison-${randomUUID()}`, data });
      return { value: JSON.stringify(event.data), headers: toKafkaHeaders(event) };
    };
    const known = types[0]?.type ?? 'com.shop.unknown.thing.v1';
    // The version after the newest the catalogue knows of this event: one no consumer can know yet.
    const base = known.replace(/\.v\d+$/, '');
    const versions = [...eventCatalogue.keys()]
      .filter((t) => t.startsWith(`${base}.v`))
      .map((t) => Number(t.slice(base.length + 2)));
    const nextVersion = `${base}.v${Math.max(1, ...versions) + 1}`;
    return [
      { kind: 'not-json', reasons: ['malformed'], value: 'this is {not json', headers: { ce_type: known } },
      {
        kind: 'no-cloudevent',
        reasons: ['malformed'],
        value: '{"order_id":"00000000-0000-4000-8000-000000000000"}',
        headers: {},
      },
      { kind: 'bad-payload', reasons: ['rejected', 'unknown_type'], ...cloudEvent(known, { nonsense: true }) },
      { kind: 'next-version', reasons: ['unknown_type'], ...cloudEvent(nextVersion, {}) },
    ].map((p) => ({ ...p, key: `poison-${p.kind}-${randomUUID()}` }));
  };

  it('finds the consumers of every topic; a topic nobody consumes has no event published to it', () => {
    for (const [topic, groups] of groupsByTopic) {
      const published = [...eventCatalogue.values()].filter((d) => namespacedTopic(d.topic, stack.namespace) === topic);
      if (groups.length === 0)
        expect(
          published.map((d) => d.type),
          `${topic} has events but no consumer`,
        ).toEqual([]);
    }
    expect([...groupsByTopic.values()].filter((g) => g.length > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('every consumer of every topic dead-letters each poison message with its reason, and carries on', async () => {
    const sent: { topic: string; key: string; kind: string; reasons: string[] }[] = [];
    for (const [topic, groups] of groupsByTopic) {
      if (groups.length === 0) continue;
      for (const poison of poisonFor(topic)) {
        await publisher.publish([{ topic, key: poison.key, value: poison.value, headers: poison.headers }]);
        sent.push({ topic, key: poison.key, kind: poison.kind, reasons: poison.reasons });
      }
    }

    // After the poison: the saga (orders, inventory, payments), a sign-up (users) and an audited change (audit).
    const productId = await createProduct(stack, { name: 'After the poison', price: 4, stock: 5 });
    const customer = newCustomer();
    const placed = await call(stack.url('order-service'), 'POST', '/api/v1/orders', customer.headers, {
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: shippingAddress,
      payment_method: { type: 'card', token: 'tok_visa_4242' },
    });
    expect([201, 202]).toContain(placed.status);
    const email = `poison-${randomUUID()}@example.com`;
    const registered = await call(
      stack.url('user-service'),
      'POST',
      '/api/v1/auth/register',
      {},
      {
        email,
        password: 'correct horse battery staple',
      },
    );
    expect(registered.status).toBe(201);
    await eventually(
      async () => {
        const order = await call(stack.url('order-service'), 'GET', `/api/v1/orders/${placed.body.order_id}`, admin);
        expect(order.body.status).toBe('confirmed');
        const mails = await call(
          stack.url('notification-service'),
          'GET',
          `/api/v1/notifications?user_id=${registered.body.user_id}`,
          admin,
        );
        expect(mails.body.data.length).toBeGreaterThan(0);
        const audit = await call(stack.url('user-service'), 'GET', `/api/v1/audit?target_id=${productId}`, admin);
        expect(audit.body.data.length).toBeGreaterThan(0);
      },
      90_000,
      250,
    );

    await eventually(
      async () => {
        for (const { topic, key, kind, reasons } of sent) {
          const letters = (deadLetters.get(deadLetterTopic(topic)) ?? []).filter((l) => l.key === key);
          const context = `${kind} on ${topic}: ${JSON.stringify(letters)}`;
          for (const letter of letters) expect(reasons, context).toContain(letter.reason);
          // Not JSON, not a CloudEvent, or a version nobody knows: every consumer of the topic parks it.
          const everyGroup = kind !== 'bad-payload';
          const from = letters.map((l) => l.group).sort();
          if (everyGroup) expect(from, context).toEqual([...groupsByTopic.get(topic)!].sort());
          else expect(letters.length, context).toBeGreaterThan(0);
        }
      },
      60_000,
      250,
    );
  }, 300_000);
});
