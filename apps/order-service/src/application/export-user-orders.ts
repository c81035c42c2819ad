import type { UserHttp } from '@shop/contracts';
import { toOrderResponse } from '../orders/order-mapper.js';
import { orderWithDetails } from '../persistence/order-repository.js';
import type { OrderPrisma } from '../persistence/prisma.js';

/** The order service's share of a GDPR export: every order of the user, oldest first, as the API shows it. */
export async function exportUserOrders(db: OrderPrisma, userId: string): Promise<UserHttp.OrdersUserExport> {
  const orders = await db.order.findMany({ where: { userId }, include: orderWithDetails, orderBy: [{ createdAt: 'asc' }, { orderId: 'asc' }] });
  return { orders: orders.map(toOrderResponse) };
}
