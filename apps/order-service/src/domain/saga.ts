import type { CancellationReason, OrderCommand, OrderStatus } from './order-status.js';

/** What the order service hears from the other services, reduced to what matters to the order. */
export type SagaSignal =
  | { type: 'payment_authorized' }
  | { type: 'payment_failed' }
  | { type: 'reservation_failed' }
  | { type: 'reservation_expired' };

/**
 * The order's side of the choreography: which command an incoming signal means for an order in
 * a given status, or nothing (late, duplicate or irrelevant signals change nothing).
 * Compensation is downstream: OrderCancelled makes inventory release and payment void or refund.
 */
export function reactTo(signal: SagaSignal, status: OrderStatus): OrderCommand | null {
  const cancel = (reason: CancellationReason): OrderCommand => ({ type: 'cancel', reason, actor: 'saga' });
  switch (signal.type) {
    case 'payment_authorized':
      return status === 'pending' ? { type: 'confirm' } : null;
    case 'payment_failed':
      return status === 'pending' ? cancel('payment_failed') : null;
    case 'reservation_expired':
      // A confirmed order keeps its stock: inventory re-takes it on OrderConfirmed, or says it cannot.
      return status === 'pending' ? cancel('reservation_expired') : null;
    case 'reservation_failed':
      // Also after confirmation: the hold expired and the stock was gone when inventory tried again.
      return status === 'pending' || status === 'confirmed' ? cancel('insufficient_inventory') : null;
  }
}
