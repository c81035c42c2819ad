import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { sqlOn, transactions, quoteIdent } from '@shop/persistence';
import { createServiceTestSchema, eventually, type TestSchema } from '@shop/testing';
import type { PendingNotification } from '../domain/notification.js';
import { notificationRepository, sendChannel } from './notification.repository.js';
import { replicaRepository } from './replica.repository.js';

describe('notification repository on pg (real Postgres)', () => {
  let db: TestSchema;
  let listener: pg.Client;
  const notified: string[] = [];
  const inTransaction = () => transactions(db.pool);
  const store = () => notificationRepository(sqlOn(db.pool), db.schema);

  beforeAll(async () => {
    db = await createServiceTestSchema('notification-service', messagingMigrationsDir);
    listener = new pg.Client(db.connection);
    await listener.connect();
    listener.on('notification', (n) => notified.push(n.payload ?? ''));
    await listener.query(`LISTEN ${quoteIdent(sendChannel(db.schema))}`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  const pending = (
    template: PendingNotification['template'],
    userId: string | null,
    orderId: string | null,
    eventId = randomUUID(),
  ): PendingNotification => ({
    template,
    userId,
    orderId,
    sourceTopic: 'orders.events',
    event: {
      id: eventId,
      type: 't',
      source: 's',
      subject: orderId ?? userId ?? 'x',
      time: new Date().toISOString(),
      data: {},
    },
  });
  const notificationOf = async (eventId: string) =>
    (
      await db.pool.query(
        `SELECT notification_id::text, status, attempts, recipient FROM notifications WHERE event_id = $1`,
        [eventId],
      )
    ).rows;
  const orderOf = async (orderId: string) =>
    (
      await db.pool.query(
        `SELECT user_id::text, items, total_cents::int, currency FROM order_recipients WHERE order_id = $1`,
        [orderId],
      )
    ).rows[0];

  const recordTitle = 'records a pending mail with its order in one statement, and names it in a NOTIFY on commit';
  it(`${recordTitle}, once however often it is recorded`, async () => {
    const userId = randomUUID();
    const orderId = randomUUID();
    const mail = pending('order_confirmed', userId, orderId);
    const at = new Date();
    await inTransaction()((tx) => notificationRepository(tx, db.schema).recordPending(mail, at, { orderId, userId }));
    await inTransaction()((tx) => notificationRepository(tx, db.schema).recordPending(mail, at, { orderId, userId }));

    const rows = await notificationOf(mail.event.id);
    expect(rows).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    expect(await orderOf(orderId)).toMatchObject({ user_id: userId, items: null });
    await eventually(() => expect(notified).toContain(rows[0].notification_id));
    expect(notified.filter((id) => id === rows[0].notification_id)).toHaveLength(1);
  });

  it('keeps the lines and total of OrderPlaced when a later order event carries none', async () => {
    const userId = randomUUID();
    const orderId = randomUUID();
    const lines = [{ productId: 'p-1', quantity: 2, unitPriceCents: 150 }];
    await inTransaction()((tx) =>
      replicaRepository(tx).upsertOrder({ orderId, userId, lines, totalCents: 300, currency: 'EUR' }, new Date()),
    );
    await inTransaction()((tx) =>
      notificationRepository(tx, db.schema).recordPending(pending('order_confirmed', userId, orderId), new Date(), {
        orderId,
        userId,
      }),
    );
    await inTransaction()((tx) => replicaRepository(tx).upsertOrder({ orderId, userId }, new Date()));
    expect(await orderOf(orderId)).toEqual({ user_id: userId, items: lines, total_cents: 300, currency: 'EUR' });
  });

  const claimTitle = 'claims a due mail with its recipient (through the order when the event names only the order)';
  it(`${claimTitle}, once while leased`, async () => {
    const userId = randomUUID();
    const orderId = randomUUID();
    const lines = [{ productId: 'p-2', quantity: 1, unitPriceCents: 999 }];
    const refund = pending('payment_refunded', null, orderId);
    await inTransaction()(async (tx) => {
      await replicaRepository(tx).upsertContact(
        { userId, email: `r-${userId}@example.com`, firstName: 'Ria', lastName: null },
        new Date(),
      );
      await replicaRepository(tx).upsertOrder({ orderId, userId, lines, totalCents: 999, currency: 'USD' }, new Date());
      await notificationRepository(tx, db.schema).recordPending(refund, new Date());
    });
    const now = new Date(Date.now() + 1000);
    const lease = new Date(now.getTime() + 60_000);
    const claimed = (await store().claimDue(now, lease, 100)).filter((c) => c.event?.id === refund.event.id);
    expect(claimed).toEqual([
      expect.objectContaining({
        template: 'payment_refunded',
        userId: null,
        orderId,
        attempts: 1,
        recipient: {
          userId,
          contact: { userId, email: `r-${userId}@example.com`, firstName: 'Ria', lastName: null },
          lines,
        },
      }),
    ]);
    expect((await store().claimDue(now, lease, 100)).map((c) => c.notificationId)).not.toContain(
      claimed[0]!.notificationId,
    );
  });

  it('claims a mail whose contact is unknown with no contact, for the sender to retry', async () => {
    const userId = randomUUID();
    const welcome = pending('welcome', userId, null);
    await inTransaction()((tx) => notificationRepository(tx, db.schema).recordPending(welcome, new Date()));
    const claimed = (await store().claimDue(new Date(Date.now() + 1000), new Date(Date.now() + 60_000), 100)).filter(
      (c) => c.event?.id === welcome.event.id,
    );
    expect(claimed.map((c) => c.recipient)).toEqual([{ userId, contact: null, lines: undefined }]);
  });

  it('records the sent mails of a pass in one statement, skipping a row erased after it was claimed', async () => {
    const [kept, erased] = [randomUUID(), randomUUID()];
    const mails = [pending('welcome', kept, null), pending('welcome', erased, null)];
    await inTransaction()(async (tx) => {
      for (const m of mails) await notificationRepository(tx, db.schema).recordPending(m, new Date());
    });
    const ids = new Set(mails.map((m) => m.event.id));
    const claimed = (await store().claimDue(new Date(Date.now() + 1000), new Date(Date.now() + 60_000), 100)).filter(
      (c) => ids.has(c.event!.id),
    );
    expect(claimed).toHaveLength(2);
    await inTransaction()((tx) => replicaRepository(tx).eraseUser(erased, new Date()));

    const sent = claimed.map((c) => ({
      claimed: c,
      userId: c.userId!,
      recipient: `${c.userId}@example.com`,
      subject: 'Welcome',
    }));
    const recorded = await store().markSent(sent, new Date());
    const keptRow = claimed.find((c) => c.userId === kept)!;
    expect([...recorded]).toEqual([keptRow.notificationId]);
    expect(await notificationOf(mails[0]!.event.id)).toEqual([
      expect.objectContaining({ status: 'sent', recipient: `${kept}@example.com` }),
    ]);
    expect(await notificationOf(mails[1]!.event.id)).toEqual([
      expect.objectContaining({ status: 'cancelled', recipient: null }),
    ]);
  });

  it('tells the senders when a contact makes waiting mails due, and only then', async () => {
    const userId = randomUUID();
    const later = new Date(Date.now() + 60_000);
    await inTransaction()((tx) =>
      notificationRepository(tx, db.schema).recordPending(pending('order_confirmed', userId, randomUUID()), later),
    );
    const before = notified.length;
    await inTransaction()((tx) => notificationRepository(tx, db.schema).wakeWaitingFor(randomUUID(), new Date()));
    await inTransaction()((tx) => notificationRepository(tx, db.schema).wakeWaitingFor(userId, new Date()));
    // Notifications arrive in commit order: once the marker is in, the wakes' are too.
    await db.pool.query(`SELECT pg_notify($1, 'marker')`, [sendChannel(db.schema)]);
    await eventually(() => expect(notified.slice(before)).toContain('marker'));
    expect(notified.slice(before).filter((p) => p === '')).toHaveLength(1);
  });
});
