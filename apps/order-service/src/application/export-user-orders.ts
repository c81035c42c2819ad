import type { Order } from '../domain/order.js';
import type { OrderExport } from '../domain/orders.port.js';

/** The order service's share of a personal-data export: every order of the user, oldest first. */
export function exportUserOrders(orders: OrderExport, userId: string): Promise<Order[]> {
  return orders.ofUser(userId);
}
