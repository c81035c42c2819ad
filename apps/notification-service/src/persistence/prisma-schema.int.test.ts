import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, type TestSchema } from '@shop/testing';
import { createNotificationPrisma, type NotificationPrisma } from './prisma.js';

describe('notification Prisma client against the migrated schema', () => {
  let db: TestSchema;
  let prisma: NotificationPrisma;
  const eventId = randomUUID();

  beforeAll(async () => {
    db = await createServiceTestSchema('notification-service', messagingMigrationsDir);
    prisma = createNotificationPrisma(db.pool, db.schema);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads every model', async () => {
    const userId = randomUUID();
    await prisma.contact.create({ data: { userId, email: 'ada@example.com', firstName: 'Ada' } });
    await prisma.notification.create({
      data: {
        eventId,
        template: 'order_confirmed',
        userId,
        orderId: randomUUID(),
        recipient: 'ada@example.com',
        subject: 'Your order',
      },
    });
    expect(await prisma.contact.findUniqueOrThrow({ where: { userId } })).toMatchObject({
      email: 'ada@example.com',
      lastName: null,
    });
    expect(
      await prisma.notification.findUniqueOrThrow({
        where: { eventId_template: { eventId, template: 'order_confirmed' } },
      }),
    ).toMatchObject({
      channel: 'email',
      status: 'pending',
      attempts: 0,
    });
  });

  it('reads the delivery columns and the order replica (migration 0000000000002)', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    await prisma.orderRecipient.create({
      data: {
        orderId,
        userId,
        items: [{ productId: 'p', quantity: 1, unitPriceCents: 100 }],
        totalCents: 100n,
        currency: 'USD',
      },
    });
    expect(await prisma.orderRecipient.findUniqueOrThrow({ where: { orderId } })).toMatchObject({
      userId,
      totalCents: 100n,
      currency: 'USD',
    });
    const pending = await prisma.notification.create({
      data: {
        eventId: randomUUID(),
        template: 'payment_refunded',
        orderId,
        sourceTopic: 'payments.events',
        event: { id: 'e', data: { order_id: orderId } },
      },
    });
    expect(pending).toMatchObject({
      recipient: null,
      subject: null,
      status: 'pending',
      sourceTopic: 'payments.events',
      event: { id: 'e', data: { order_id: orderId } },
    });
    expect(pending.nextAttemptAt).toBeInstanceOf(Date);
    await prisma.notification.update({
      where: { notificationId: pending.notificationId },
      data: { status: 'cancelled' },
    });
    await expect(
      prisma.notification.update({ where: { notificationId: pending.notificationId }, data: { status: 'lost' } }),
    ).rejects.toThrow();
  });

  it('records one notification per event and template', async () => {
    await expect(
      prisma.notification.create({
        data: { eventId, template: 'order_confirmed', recipient: 'x@example.com', subject: 'again' },
      }),
    ).rejects.toThrow();
  });
});
