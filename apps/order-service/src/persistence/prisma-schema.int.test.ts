import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, type TestSchema } from '@shop/testing';
import { createOrderPrisma, type OrderPrisma } from './prisma.js';

describe('order Prisma client against the migrated schema', () => {
  let db: TestSchema;
  let prisma: OrderPrisma;

  beforeAll(async () => {
    db = await createServiceTestSchema('order-service', messagingMigrationsDir);
    prisma = createOrderPrisma(db.pool, db.schema);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads every model', async () => {
    const productId = randomUUID();
    await prisma.catalogueProduct.create({
      data: { productId, sku: 'SKU-1', name: 'Mug', priceCents: 1299, currency: 'USD', status: 'active' },
    });
    const order = await prisma.order.create({
      data: {
        userId: randomUUID(),
        subtotalCents: 2598,
        taxCents: 208,
        shippingCents: 599,
        totalCents: 3405,
        paymentMethod: { type: 'card', last4: '4242' },
        shippingAddress: { name: 'A', street: 'B', city: 'C', state: 'D', zip: '1', country: 'US' },
        items: { create: [{ productId, productName: 'Mug', quantity: 2, unitPriceCents: 1299, totalCents: 2598 }] },
        timeline: { create: [{ status: 'pending' }] },
      },
    });
    await prisma.idempotencyKey.create({
      data: {
        callerId: order.userId,
        key: 'k-1',
        requestHash: 'a'.repeat(64),
        orderId: order.orderId,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });

    const read = await prisma.order.findUniqueOrThrow({
      where: { orderId: order.orderId },
      include: { items: true, timeline: true },
    });
    expect(read).toMatchObject({ status: 'pending', totalCents: 3405, currency: 'USD', paymentStatus: 'pending' });
    expect(read.items).toEqual([
      expect.objectContaining({ productId, quantity: 2, unitPriceCents: 1299, discountCents: 0 }),
    ]);
    expect(read.timeline).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(await prisma.catalogueProduct.findUniqueOrThrow({ where: { productId } })).toMatchObject({
      priceCents: 1299,
    });
    expect(
      await prisma.idempotencyKey.findUniqueOrThrow({
        where: { callerId_key: { callerId: order.userId, key: 'k-1' } },
      }),
    ).toMatchObject({ orderId: order.orderId });
  });

  it('has the database enforce what the model cannot (status values, non-negative money)', async () => {
    const [row] = await prisma.order.findMany({ take: 1 });
    await expect(prisma.order.update({ where: { orderId: row!.orderId }, data: { status: 'lost' } })).rejects.toThrow();
    await expect(prisma.order.update({ where: { orderId: row!.orderId }, data: { totalCents: -1 } })).rejects.toThrow();
  });
});
