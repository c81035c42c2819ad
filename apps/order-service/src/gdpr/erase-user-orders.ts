import type { OrderTx } from '../persistence/order-repository.js';

/** What stands in for an erased person's name and street in a kept order. */
export const ERASED = '[erased]';

/**
 * GDPR erasure (seed §7.3.4) of one user's orders. Orders are accounting records, so the rows,
 * amounts, items, statuses and timeline stay; what names or locates the person goes: the shipping
 * address down to its country (kept for tax), the billing address, the notes, the card's
 * description, and the stored replies to their idempotent requests (which repeat the address).
 */
export async function eraseUserOrders(tx: OrderTx, userId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE orders
       SET shipping_address = jsonb_build_object('name', ${ERASED}::text, 'street', ${ERASED}::text, 'city', ${ERASED}::text,
                                                 'state', ${ERASED}::text, 'zip', ${ERASED}::text, 'country', shipping_address->'country'),
           billing_address = NULL,
           notes = NULL,
           payment_method = payment_method - 'display',
           updated_at = ${at}
     WHERE user_id = ${userId}::uuid`;
  await tx.$executeRaw`DELETE FROM idempotency_keys WHERE caller_id = ${userId}`;
}
