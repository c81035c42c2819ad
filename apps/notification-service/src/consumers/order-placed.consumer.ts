import { OrderEvents } from '@shop/contracts';
import { on, type Subscription } from '@shop/messaging';
import { replicaRepository } from '../persistence/replica.repository.js';
import type { MailHandlerContext } from './mail-consumer.js';

/**
 * OrderPlaced → the order replica with its owner, lines and total (the confirmation mail lists
 * them). Sends nothing. Undone by nothing: the replica only describes the order.
 */
export const orderPlacedConsumer = (ctx: MailHandlerContext): Subscription =>
  on(
    OrderEvents.OrderPlaced,
    ctx.once(async (tx, event) => {
      const { order_id, user_id, items, total_cents, currency } = event.data;
      const lines = items.map((i) => ({
        productId: i.product_id,
        quantity: i.quantity,
        unitPriceCents: i.unit_price_cents,
      }));
      await replicaRepository(tx).upsertOrder(
        { orderId: order_id, userId: user_id, lines, totalCents: total_cents, currency },
        ctx.now(),
      );
    }),
  );
