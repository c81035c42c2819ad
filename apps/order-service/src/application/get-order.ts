import { hasRole, type Caller } from '@shop/http';
import { DomainError } from '@shop/contracts';
import type { Order } from '../domain/order.js';
import type { OrderStore } from '../domain/orders.port.js';

/** Support and admins see every order; a customer or partner only their own. */
export const seesAllOrders = (caller: Caller): boolean => hasRole(caller, 'support', 'admin');

/** The order if the caller may see it; a customer asking for someone else's order learns nothing (404). */
export async function getOrder(orders: OrderStore<unknown>, caller: Caller, orderId: string): Promise<Order> {
  const order = await orders.find(orderId);
  if (!order || (!seesAllOrders(caller) && order.userId !== caller.userId)) {
    throw new DomainError('NOT_FOUND', `Order ${orderId} not found`);
  }
  return order;
}
