import type { PaymentStatus } from '../domain/payment.js';
import type { PaymentInput } from '../domain/payment-state-machine.js';

/** Where a shipment's capture is under way or behind the payment (or a person's): a repeat, not a refusal. */
const shipmentSeen: ReadonlySet<PaymentStatus> = new Set([
  'capturing',
  'captured',
  'refunding',
  'refunded',
  'needs_attention',
]);

/**
 * Why a saga event the state machine did not apply is a refusal, or null when it is a late or
 * repeated one that rightly changes nothing. A reservation or a cancel that changes nothing is
 * always one of those (the payment is past them); a shipment is not: the order left the warehouse
 * and there is no authorization to capture — money the saga expected and will not get.
 *
 * @param status the payment's status, null when the order has no payment at all.
 */
export function refusalOf(input: PaymentInput, status: PaymentStatus | null): string | null {
  if (input.type !== 'order_shipped') return null;
  if (status === null) return 'no_payment';
  return shipmentSeen.has(status) ? null : 'payment_not_authorized';
}
