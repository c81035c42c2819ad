import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopic, namespacedTopic, Topics } from '@shop/contracts';
import { readMessages, testKafka } from '@shop/messaging/testing';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startMailSink } from '../test-support/mail-sink.js';
import { notificationService } from '../service.js';
import {
  confirmOrder,
  fastSenderEnv,
  notificationsOf,
  registerUser,
  type NotificationTestService,
} from '../test-support/notification-fixture.js';

describe('notification delivery when it cannot succeed', () => {
  let env: TestEnvironment;
  let service: NotificationTestService;

  beforeAll(async () => {
    // A sink started and stopped: its port is known to be closed (SMTP down).
    const stopped = await startMailSink({ port: 0 });
    await stopped.close();
    env = await createTestEnvironment();
    service = await env.start(notificationService, fastSenderEnv(stopped.port, 3));
  });
  afterAll(() => env?.stop());

  it('retries with backoff while SMTP is down, then fails the row and dead-letters the event', async () => {
    const { userId } = await registerUser(service);
    const orderId = randomUUID();
    const confirmed = await confirmOrder(service, userId, orderId);
    const [row] = await eventually(async () => {
      const rows = await notificationsOf(service, { orderId });
      expect(rows[0]?.status).toBe('failed');
      return rows;
    }, 20_000);
    expect(row).toMatchObject({
      template: 'order_confirmed',
      attempts: 3,
      recipient: null,
      last_error: expect.stringMatching(/^smtp_error: .*ECONNREFUSED/),
    });

    const dlq = namespacedTopic(deadLetterTopic(Topics.orders), env.namespace);
    const dead = (await readMessages(testKafka(), dlq, 1)).find((m) => m.headers?.ce_id?.toString() === confirmed.id);
    expect(dead).toBeDefined();
    expect(dead!.key!.toString()).toBe(orderId);
    expect(JSON.parse(dead!.value!.toString())).toEqual(confirmed.data);
    expect(dead!.headers!.dlq_reason!.toString()).toBe('delivery_failed');
    expect(dead!.headers!.dlq_attempts!.toString()).toBe('3');
    expect(dead!.headers!.dlq_error!.toString()).toMatch(/ECONNREFUSED/);
    expect(dead!.headers!.notification_id!.toString()).toBe(row!.notification_id);
  });

  it('fails visibly when the contact never arrives', async () => {
    const orderId = randomUUID();
    const confirmed = await confirmOrder(service, randomUUID(), orderId);
    await eventually(
      async () =>
        expect((await notificationsOf(service, { orderId }))[0]).toMatchObject({
          status: 'failed',
          attempts: 3,
          last_error: expect.stringMatching(/^contact_unknown/),
        }),
      20_000,
    );
    const dlq = namespacedTopic(deadLetterTopic(Topics.orders), env.namespace);
    const dead = await readMessages(testKafka(), dlq, 2);
    expect(dead.map((m) => m.headers?.ce_id?.toString())).toContain(confirmed.id);
  });
});
