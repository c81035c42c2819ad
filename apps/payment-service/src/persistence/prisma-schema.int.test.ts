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
        orderId, userId: randomUUID(), amountCents: 3405, paymentMethod: 'card', providerToken: 'tok_visa_4242',
        attempts: { create: [{ operation: 'authorize', outcome: 'succeeded', latencyMs: 12 }] },
      },
    });
    const read = await prisma.payment.findUniqueOrThrow({ where: { orderId }, include: { attempts: true } });
    expect(read).toMatchObject({ status: 'pending', currency: 'USD', gateway: 'simulated', amountCents: 3405 });
    expect(read.attempts).toEqual([expect.objectContaining({ operation: 'authorize', outcome: 'succeeded', latencyMs: 12 })]);
  });

  it('allows one payment per order', async () => {
    await expect(
      prisma.payment.create({ data: { orderId, userId: randomUUID(), amountCents: 1, paymentMethod: 'card', providerToken: 'tok_visa_4242' } }),
    ).rejects.toThrow();
  });
});
