import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, type TestSchema } from '@shop/testing';
import { createInventoryPrisma, type InventoryPrisma } from './prisma.js';

describe('inventory Prisma client against the migrated schema', () => {
  let db: TestSchema;
  let prisma: InventoryPrisma;

  beforeAll(async () => {
    db = await createServiceTestSchema('inventory-service', messagingMigrationsDir);
    prisma = createInventoryPrisma(db.pool, db.schema);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads every model', async () => {
    const orderId = randomUUID();
    const product = await prisma.product.create({
      data: {
        sku: 'MUG-1',
        name: 'Mug',
        category: 'kitchen',
        priceCents: 1299,
        stockOnHand: 10,
        reserved: 2,
        attributes: { colour: 'blue' },
        reservations: { create: [{ orderId, quantity: 2, expiresAt: new Date(Date.now() + 900_000) }] },
        adjustments: { create: [{ delta: 10, reason: 'initial stock', actorId: 'admin' }] },
      },
    });
    const read = await prisma.product.findUniqueOrThrow({
      where: { sku: 'MUG-1' },
      include: { reservations: true, adjustments: true },
    });
    expect(read).toMatchObject({
      productId: product.productId,
      status: 'active',
      currency: 'USD',
      version: 0,
      attributes: { colour: 'blue' },
    });
    expect(read.reservations).toEqual([expect.objectContaining({ orderId, quantity: 2, status: 'held' })]);
    expect(read.adjustments).toEqual([expect.objectContaining({ delta: 10, reason: 'initial stock' })]);
  });

  it('records why a hold was released (migration 2)', async () => {
    const [hold] = await prisma.reservation.findMany({ take: 1 });
    const released = await prisma.reservation.update({
      where: { orderId_productId: { orderId: hold!.orderId, productId: hold!.productId } },
      data: { status: 'released', releaseReason: 'customer_request' },
    });
    expect(released).toMatchObject({ status: 'released', releaseReason: 'customer_request' });
    expect(hold!.releaseReason).toBeNull();
  });

  it('keeps attributes an object and images an array (migration 2)', async () => {
    await expect(
      prisma.product.update({ where: { sku: 'MUG-1' }, data: { attributes: ['not', 'an', 'object'] } }),
    ).rejects.toThrow(/products_attributes_object/);
    await expect(
      prisma.product.update({ where: { sku: 'MUG-1' }, data: { images: { not: 'an array' } } }),
    ).rejects.toThrow(/products_images_array/);
    await expect(
      prisma.product.update({ where: { sku: 'MUG-1' }, data: { images: ['https://cdn.example.com/mug.png'] } }),
    ).resolves.toBeTruthy();
  });

  it('refuses to hold more than is on hand, or to go below zero', async () => {
    await expect(prisma.product.update({ where: { sku: 'MUG-1' }, data: { reserved: 11 } })).rejects.toThrow(
      /products_reserved_within_stock/,
    );
    await expect(prisma.product.update({ where: { sku: 'MUG-1' }, data: { stockOnHand: -1 } })).rejects.toThrow();
  });
});
