import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, type TestSchema } from '@shop/testing';
import { createPaymentPrisma, type PaymentPrisma } from './prisma.js';

describe('payment Prisma client against the migrated schema', () => {
  let db: TestSchema;
  let prisma: PaymentPrisma;
  const orderId = randomUUID();

  beforeAll(async () => {
    db = await createServiceTestSchema('payment-service', messagingMigrationsDir);
    prisma = createPaymentPrisma(db.pool, db.schema);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads every model', async () => {
    await prisma.payment.create({
      data: {
        orderId,
        userId: randomUUID(),
        amountCents: 3405,
        paymentMethod: 'card',
        providerToken: 'tok_visa_4242',
        attempts: { create: [{ operation: 'authorize', outcome: 'succeeded', latencyMs: 12 }] },
      },
    });
    const read = await prisma.payment.findUniqueOrThrow({ where: { orderId }, include: { attempts: true } });
    expect(read).toMatchObject({ status: 'pending', currency: 'USD', gateway: 'simulated', amountCents: 3405 });
    const attempt = { operation: 'authorize', outcome: 'succeeded', latencyMs: 12 };
    expect(read.attempts).toEqual([expect.objectContaining(attempt)]);
  });

  it('reads and writes the worker columns and the early order signals', async () => {
    const due = new Date('2025-01-15T10:30:00.123Z');
    await prisma.payment.update({
      where: { orderId },
      data: {
        status: 'voiding',
        attemptCount: 2,
        nextAttemptAt: due,
        authorizationSentAt: due,
        cancelRequestedAt: due,
        cancelledAt: due,
        methodDescription: 'Visa ending in 4242',
        failureCode: 'card_declined',
        failureMessage: 'Your card was declined.',
      },
    });
    expect(await prisma.payment.findUniqueOrThrow({ where: { orderId } })).toMatchObject({
      status: 'voiding',
      attemptCount: 2,
      nextAttemptAt: due,
      authorizationSentAt: due,
      cancelRequestedAt: due,
      cancelledAt: due,
      methodDescription: 'Visa ending in 4242',
      failureCode: 'card_declined',
      failureMessage: 'Your card was declined.',
    });
    const early = randomUUID();
    const signal = { inventoryReservedAt: due, reservationExpiresAt: due, orderCancelledAt: due };
    await prisma.orderSignal.create({ data: { orderId: early, ...signal } });
    expect(await prisma.orderSignal.findUniqueOrThrow({ where: { orderId: early } })).toMatchObject(signal);
  });

  it('has the database enforce what the model cannot (status values, non-negative counts)', async () => {
    await expect(prisma.payment.update({ where: { orderId }, data: { status: 'lost' } })).rejects.toThrow();
    await expect(prisma.payment.update({ where: { orderId }, data: { attemptCount: -1 } })).rejects.toThrow();
    for (const status of ['capturing', 'captured', 'refunding', 'refunded', 'voided', 'cancelled']) {
      await prisma.payment.update({ where: { orderId }, data: { status } });
    }
  });

  it('allows one payment per order', async () => {
    await expect(
      prisma.payment.create({
        data: { orderId, userId: randomUUID(), amountCents: 1, paymentMethod: 'card', providerToken: 'tok_visa_4242' },
      }),
    ).rejects.toThrow();
  });
});
