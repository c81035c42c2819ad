import type { Order, OrderLine, OrderMetadata, PaymentMethodRecord, TimelineEntry } from '../domain/order.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { Prisma } from '../generated/prisma/client.js';

type Row<T, Dates extends keyof T> = Omit<T, Dates | 'status' | 'items' | 'timeline'> & Record<Dates, string>;

/** An order as findOrder's one statement reads it: lines and timeline as JSON, their times as text. */
export type OrderRow = Omit<
  Order,
  'status' | 'items' | 'timeline' | 'paymentMethod' | 'shippingAddress' | 'billingAddress' | 'metadata'
> & {
  readonly status: string;
  readonly paymentMethod: unknown;
  readonly shippingAddress: unknown;
  readonly billingAddress: unknown;
  readonly metadata: unknown;
  readonly items: readonly Row<OrderLine, 'createdAt'>[];
  readonly timeline: readonly (Row<TimelineEntry, 'occurredAt'> & { status: string; entryId: string })[];
};

export const orderWithDetails = {
  items: { orderBy: { createdAt: 'asc' } },
  timeline: { orderBy: { entryId: 'asc' } },
} as const satisfies Prisma.OrderInclude;

/** An order as the Prisma client reads it with its lines and timeline. */
export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof orderWithDetails }>;

/** The JSON columns and the status, as the domain types them (the database CHECKs the status). */
function typed(row: Pick<OrderRow, 'status' | 'paymentMethod' | 'shippingAddress' | 'billingAddress' | 'metadata'>) {
  return {
    status: row.status as OrderStatus,
    paymentMethod: (row.paymentMethod ?? {}) as PaymentMethodRecord,
    shippingAddress: row.shippingAddress as Order['shippingAddress'],
    billingAddress: row.billingAddress as Order['billingAddress'],
    metadata: row.metadata as OrderMetadata | null,
  };
}

export function orderFromRow(row: OrderRow): Order {
  return {
    ...row,
    ...typed(row),
    items: row.items.map((i) => ({ ...i, createdAt: new Date(i.createdAt) })),
    timeline: row.timeline.map(({ entryId: _entryId, ...t }) => ({ ...t, occurredAt: new Date(t.occurredAt) })),
  };
}

export function orderFromRecord(record: OrderRecord): Order {
  return {
    ...record,
    ...typed(record),
    items: record.items,
    timeline: record.timeline.map(({ entryId: _entryId, ...t }) => t),
  };
}
