import type { OrderStores } from './order-deps.js';

/** What stands in for an erased person's name and street in a kept order. */
export const ERASED = '[erased]';

/**
 * Personal-data erasure of one user's orders. Orders are accounting records, so the rows, amounts,
 * items, statuses and timeline stay; what names or locates the person goes: the shipping address
 * down to its country (kept for tax), the billing address, the notes, the card's description, and
 * the stored replies to their idempotent requests (which repeat the address).
 */
export async function eraseUserOrders(stores: OrderStores, userId: string, at: Date): Promise<void> {
  await stores.orders.eraseUser(userId, ERASED, at);
  await stores.idempotencyKeys.forgetCaller(userId);
}
