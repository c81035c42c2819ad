import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents, PaymentEvents, UserEvents } from '@shop/contracts';
import { createCloudEvent } from '@shop/messaging';
import { createTestEnvironment, publishEvent, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { mailEventSubscriptions } from '../consumers/mail-events.subscriptions.js';
import { notificationDatabase } from '../persistence/database.js';
import { startMailSink, type MailSink } from '../test-support/mail-sink.js';
import { notificationService } from '../service.js';
import {
  confirmOrder,
  fastSenderEnv,
  notificationsOf,
  orderConfirmed,
  registerUser,
  type NotificationTestService,
} from '../test-support/notification-fixture.js';

describe('notification delivery over SMTP (real Kafka, Postgres and SMTP sink)', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let service: NotificationTestService;

  beforeAll(async () => {
    sink = await startMailSink({ port: 0 });
    env = await createTestEnvironment();
    service = await env.start(notificationService, fastSenderEnv(sink.port));
  });
  afterAll(async () => {
    await env?.stop();
    await sink?.close();
  });

  const mailsTo = (email: string) => sink.messages().filter((m) => m.to.includes(email));

  it('sends the welcome mail on UserRegistered, with the user-supplied name escaped in HTML', async () => {
    const { userId, email } = await registerUser(service, { firstName: '<img src=x onerror=alert(1)>' });
    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe('Welcome to Shop, <img src=x onerror=alert(1)>');
    expect(mail.html).toContain('Hello &lt;img src=x onerror=alert(1)&gt;,');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('Hello <img src=x onerror=alert(1)>,');
    await eventually(async () =>
      expect(await notificationsOf(service, { userId })).toEqual([
        expect.objectContaining({ template: 'welcome', status: 'sent', recipient: email, attempts: 1, event: null }),
      ]),
    );
  });

  it('sends the order confirmation exactly once though the event arrives twice, in sequence and at once', async () => {
    const { userId, email } = await registerUser(service);
    await sink.waitFor((m) => m.to.includes(email));
    const orderId = randomUUID();
    const first = await confirmOrder(service, userId, orderId);
    const confirmation = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes(orderId), 30_000);
    expect(confirmation.text).toContain('Total: $114.76');
    await confirmOrder(service, userId, orderId, first.id);
    // The same event on other partitions at the same moment (different keys), and handled directly in parallel.
    await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        publishEvent(service, OrderEvents.OrderConfirmed, orderConfirmed(userId, orderId), {
          id: first.id,
          subject: `${orderId}-${k}`,
        }),
      ),
    );
    const handler = mailEventSubscriptions({
      inTransaction: notificationDatabase(service.infra.pool).inTransaction,
      schema: service.config.DATABASE_SCHEMA,
    }).find((s) => s.definition.type === OrderEvents.OrderConfirmed.type)!;
    const again = createCloudEvent('test', {
      id: randomUUID(),
      type: OrderEvents.OrderConfirmed.type,
      subject: orderId,
      data: orderConfirmed(userId, orderId),
    });
    await Promise.all([handler.handle(again), handler.handle(again), handler.handle(again)]);
    await eventually(async () =>
      expect((await notificationsOf(service, { orderId })).map((n) => n.status)).toEqual(['sent', 'sent']),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const confirmations = mailsTo(email).filter((m) => m.subject.includes(orderId));
    // One mail per distinct event id: the first event (delivered five times) and the direct one (handled three
    // times at once).
    expect(confirmations).toHaveLength(2);
    expect(new Set(confirmations.map((m) => m.messageId)).size).toBe(2);
  });

  const namedTitle = 'names the reason of a cancellation, the carrier and tracking number of a shipment';
  it(`${namedTitle}, and the refunded amount`, async () => {
    const { userId, email } = await registerUser(service);
    const orderId = randomUUID();
    await publishEvent(service, OrderEvents.OrderCancelled, {
      order_id: orderId,
      user_id: userId,
      previous_status: 'pending',
      reason: 'insufficient_inventory',
    });
    const cancelled = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('cancelled'));
    expect(cancelled.text).toContain('because some items are out of stock');

    const shippedId = randomUUID();
    await publishEvent(service, OrderEvents.OrderStatusChanged, {
      order_id: shippedId,
      user_id: userId,
      from: 'processing',
      to: 'processing',
    });
    await publishEvent(service, OrderEvents.OrderStatusChanged, {
      order_id: shippedId,
      user_id: userId,
      from: 'processing',
      to: 'shipped',
      carrier: 'UPS',
      tracking_number: '1Z<999>',
    });
    const shipped = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('shipped'));
    expect(shipped.text).toContain('Tracking number: 1Z<999>');
    expect(shipped.html).toContain('1Z&lt;999&gt;');

    await publishEvent(service, PaymentEvents.PaymentRefunded, {
      order_id: shippedId,
      payment_id: randomUUID(),
      amount_cents: 2500,
      currency: 'USD',
    });
    const refund = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('Refund'));
    expect(refund.subject).toBe(`Refund of $25.00 for order ${shippedId}`);
    await eventually(async () =>
      expect(
        (await notificationsOf(service, { orderId: shippedId })).map((n) => [n.template, n.status, n.user_id]),
      ).toEqual([
        ['order_shipped', 'sent', userId],
        ['payment_refunded', 'sent', userId],
      ]),
    );
  });

  it('holds an order mail while the contact is unknown, and sends it once UserRegistered arrives', async () => {
    const userId = randomUUID();
    const email = `late-${userId.slice(0, 8)}@example.com`;
    const orderId = randomUUID();
    await confirmOrder(service, userId, orderId);
    await eventually(async () => {
      const [row] = await notificationsOf(service, { orderId });
      expect(row).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/^contact_unknown/) });
      expect(row!.attempts).toBeGreaterThanOrEqual(2);
    });
    expect(mailsTo(email)).toHaveLength(0);
    await publishEvent(
      service,
      UserEvents.UserRegistered,
      { user_id: userId, email, first_name: 'Late', last_name: null, role: 'customer' },
      { subject: userId },
    );
    const mail = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes(orderId));
    expect(mail.text).toContain('Hello Late,');
    await eventually(async () =>
      expect((await notificationsOf(service, { orderId }))[0]).toMatchObject({ status: 'sent', recipient: email }),
    );
  });

  it("erases the contact on UserDeleted and anonymises the user's past notifications (GDPR)", async () => {
    const { userId, email } = await registerUser(service);
    const orderId = randomUUID();
    await confirmOrder(service, userId, orderId);
    await sink.waitFor((m) => m.to.includes(email) && m.subject.includes(orderId));
    await eventually(async () => expect((await notificationsOf(service, { orderId }))[0]?.status).toBe('sent'));
    await publishEvent(service, UserEvents.UserDeleted, { user_id: userId }, { subject: userId });
    await eventually(async () => {
      const { rows } = await service.db.pool.query(`SELECT 1 FROM contacts WHERE user_id = $1`, [userId]);
      expect(rows).toHaveLength(0);
      const all = [...(await notificationsOf(service, { userId })), ...(await notificationsOf(service, { orderId }))];
      expect(all.length).toBeGreaterThanOrEqual(2);
      for (const n of all) expect(n).toMatchObject({ recipient: null, event: null });
    });
    const { rows } = await service.db.pool.query(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient = $1 OR event::text LIKE $2`,
      [email, `%${email}%`],
    );
    expect(rows[0].n).toBe(0);
  });
});
