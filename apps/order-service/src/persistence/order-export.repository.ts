import type { OrderExport } from '../domain/orders.port.js';
import { orderFromRecord, orderWithDetails } from './order.mapper.js';
import type { OrderPrisma } from './prisma.js';

/** A read outside any transaction that returns one thing, a user's export: the Prisma client. */
export function orderExport(prisma: OrderPrisma): OrderExport {
  return {
    async ofUser(userId) {
      const orders = await prisma.order.findMany({
        where: { userId },
        include: orderWithDetails,
        orderBy: [{ createdAt: 'asc' }, { orderId: 'asc' }],
      });
      return orders.map(orderFromRecord);
    },
  };
}
