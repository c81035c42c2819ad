import { z } from 'zod';
import { centsToAmount, type ListOrdersQuery, type OrderSummary } from '@shop/contracts';
import { decodeCursor, encodeCursor, offsetPage, type Caller } from '@shop/http';
import type { Prisma } from '../generated/prisma/client.js';
import type { OrderPrisma } from '../persistence/prisma.js';
import type { OrderStatus } from '../domain/order-status.js';

const sortColumn = { created_at: 'createdAt', total: 'totalCents', status: 'status' } as const;
const CursorPosition = z.object({ v: z.union([z.string(), z.number()]), id: z.uuid() });

/** Seed §3.3.3 filters and sort, with offset pages (§3.3.3) or keyset cursors (§3.8). */
export async function listOrders(prisma: OrderPrisma, caller: Caller, query: ListOrdersQuery, seesAllOrders: boolean) {
  const where: Prisma.OrderWhereInput = {
    userId: seesAllOrders ? query.user_id : caller.userId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.from_date || query.to_date
      ? { createdAt: { ...(query.from_date ? { gte: new Date(query.from_date) } : {}), ...(query.to_date ? { lte: endOf(query.to_date) } : {}) } }
      : {}),
  };
  const column = sortColumn[query.sort];
  const direction = query.order;
  const orderBy: Prisma.OrderOrderByWithRelationInput[] = [{ [column]: direction }, { orderId: direction }];
  const select = { orderId: true, status: true, createdAt: true, totalCents: true, _count: { select: { items: true } } } as const;
  const toSummary = (o: { orderId: string; status: string; createdAt: Date; totalCents: number; _count: { items: number } }): OrderSummary => ({
    order_id: o.orderId,
    status: o.status as OrderStatus,
    created_at: o.createdAt.toISOString(),
    total: centsToAmount(o.totalCents),
    items_count: o._count.items,
  });

  if (query.cursor) {
    const position = decodeCursor(query.cursor, CursorPosition);
    const value = column === 'createdAt' ? new Date(String(position.v)) : position.v;
    const beyond = direction === 'desc' ? 'lt' : 'gt';
    const page = await prisma.order.findMany({
      where: { AND: [where, { OR: [{ [column]: { [beyond]: value } }, { [column]: value, orderId: { [beyond]: position.id } }] }] },
      orderBy,
      take: query.limit + 1,
      select,
    });
    return cursorResult(page.slice(0, query.limit).map(toSummary), page.length > query.limit, column);
  }
  if (!query.page) {
    const page = await prisma.order.findMany({ where, orderBy, take: query.limit + 1, select });
    return cursorResult(page.slice(0, query.limit).map(toSummary), page.length > query.limit, column);
  }
  const [total, rows] = await Promise.all([
    prisma.order.count({ where }),
    prisma.order.findMany({ where, orderBy, skip: (query.page - 1) * query.limit, take: query.limit, select }),
  ]);
  return { data: rows.map(toSummary), pagination: offsetPage(query.page, query.limit, total) };
}

function cursorResult(data: OrderSummary[], hasMore: boolean, column: string) {
  const last = data.at(-1);
  const value = !last ? '' : column === 'createdAt' ? last.created_at : column === 'totalCents' ? Math.round(last.total * 100) : last.status;
  return { data, pagination: { next_cursor: hasMore && last ? encodeCursor({ v: value, id: last.order_id }) : null, has_more: hasMore } };
}

/** A bare date as `to_date` means the whole of that day. */
const endOf = (date: string): Date => (date.length === 10 ? new Date(`${date}T23:59:59.999Z`) : new Date(date));
