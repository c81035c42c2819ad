import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { exactlyOnce, on, type CloudEvent, type RunInTransaction, type Subscription } from '@shop/messaging';
import type { PaymentTx } from '../persistence/prisma-payment.repository.js';
import { authorizeReservedOrder } from './authorize-reserved-order.handler.js';
import { captureShippedOrder } from './capture-shipped-order.handler.js';
import { compensateCancelledOrder } from './compensate-cancelled-order.handler.js';
import { recordPaymentIntent } from './record-payment-intent.handler.js';
import { SAGA_CONSUMER, type SagaDeps } from './saga-context.js';

/**
 * The payment's part of the order saga: which event runs which step. Every handler runs in one
 * transaction with its inbox row, so a redelivered event changes nothing.
 */
export function paymentSagaSubscriptions(deps: SagaDeps): Subscription[] {
  const inTransaction: RunInTransaction<PaymentTx> = (work) => deps.prisma.$transaction(work);
  const once = <T>(handler: (tx: PaymentTx, event: CloudEvent<T>) => Promise<void>) => exactlyOnce(SAGA_CONSUMER, inTransaction, handler);
  return [
    on(OrderEvents.OrderPlaced, once(recordPaymentIntent(deps))),
    on(InventoryEvents.InventoryReserved, once(authorizeReservedOrder(deps))),
    on(OrderEvents.OrderCancelled, once(compensateCancelledOrder(deps))),
    on(OrderEvents.OrderStatusChanged, once(captureShippedOrder(deps))),
  ];
}
