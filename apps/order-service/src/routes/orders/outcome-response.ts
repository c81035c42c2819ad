import { AppError } from '@shop/http';
import type { OrderView } from '../../persistence/order-repository.js';

interface FailureMetadata {
  failure?: Record<string, string | number>;
}

/**
 * A saga that ended in a business refusal within the wait answers as the seed's errors do (§3.3.1):
 * 422 INSUFFICIENT_INVENTORY naming the product, requested and available, or 422 PAYMENT_FAILED.
 * The order exists (cancelled) and its id is in the details.
 */
export function outcomeResponse(order: OrderView): AppError | null {
  if (order.status !== 'cancelled') return null;
  const failure = (order.metadata as FailureMetadata | null)?.failure ?? {};
  if (order.cancellationReason === 'insufficient_inventory') {
    return new AppError('INSUFFICIENT_INVENTORY', `Product '${failure.product_id}' has insufficient inventory`, { order_id: order.orderId, ...failure });
  }
  if (order.cancellationReason === 'payment_failed') {
    return new AppError('PAYMENT_FAILED', `Payment was not authorized: ${failure.message ?? 'declined'}`, { order_id: order.orderId, ...failure });
  }
  return null;
}
