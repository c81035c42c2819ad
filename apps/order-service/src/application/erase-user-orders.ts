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
  await tx.execute(
    `UPDATE orders
        SET shipping_address = jsonb_build_object('name', $2::text, 'street', $2::text, 'city', $2::text,
                                                  'state', $2::text, 'zip', $2::text, 'country', shipping_address->'country'),
            billing_address = NULL,
            notes = NULL,
            payment_method = payment_method - 'display',
            updated_at = $3::timestamptz
      WHERE user_id = $1::uuid`,
    userId, ERASED, at.toISOString(),
  );
  await tx.execute('DELETE FROM idempotency_keys WHERE caller_id = $1', userId);
}
