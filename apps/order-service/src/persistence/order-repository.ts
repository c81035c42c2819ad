import type { Prisma } from '../generated/prisma/client.js';
import type { OrderPrisma } from './prisma.js';
import type { OrderStatus } from '../domain/order-status.js';

/** A Prisma interactive-transaction client of the order schema. */
export type OrderTx = Prisma.TransactionClient;
export type OrderDb = OrderPrisma | OrderTx;

export const orderWithDetails = {
  items: { orderBy: { createdAt: 'asc' } },
  timeline: { orderBy: { entryId: 'asc' } },
} as const satisfies Prisma.OrderInclude;

export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof orderWithDetails }>;

export interface LockedOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly createdAt: Date;
  readonly totalCents: number;
  readonly currency: string;
}

/** Reads an order's state under a row lock: concurrent commands on one order are serialized here. */
export async function lockOrder(tx: OrderTx, orderId: string): Promise<LockedOrder | null> {
  const rows = await tx.$queryRaw<LockedOrder[]>`
    SELECT order_id AS "orderId", user_id AS "userId", status, created_at AS "createdAt",
           total_cents AS "totalCents", currency
      FROM orders WHERE order_id = ${orderId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export function findOrder(db: OrderDb, orderId: string): Promise<OrderRecord | null> {
  return db.order.findUnique({ where: { orderId }, include: orderWithDetails, relationLoadStrategy: 'join' });
}

/** The channel that tells every order-service instance an order reached a saga outcome. */
export const outcomeChannel = (schema: string): string => `order_outcome_${schema}`;
