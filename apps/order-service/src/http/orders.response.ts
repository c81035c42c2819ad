import {
  centsToAmount,
  DomainError,
  type OrderResponse,
  type OrderSummary as OrderSummaryResponse,
} from '@shop/contracts';
import { keysetPageResponse, offsetPage } from '@shop/http';
import type { OrderListing } from '../application/list-orders.js';
import type { Order, OrderSummary } from '../domain/order.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** An order → the API's shape: decimals from cents, snake_case. */
export function toOrderResponse(order: Order): OrderResponse {
  const payment = order.paymentMethod;
  return {
    order_id: order.orderId,
    user_id: order.userId,
    status: order.status,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    items: order.items.map((i) => ({
      product_id: i.productId,
      name: i.productName,
      quantity: i.quantity,
      unit_price: centsToAmount(i.unitPriceCents),
      total: centsToAmount(i.totalCents),
    })),
    subtotal: centsToAmount(order.subtotalCents),
    discount: centsToAmount(order.discountCents),
    tax: centsToAmount(order.taxCents),
    shipping: centsToAmount(order.shippingCents),
    total: centsToAmount(order.totalCents),
    currency: order.currency,
    promo_code: order.promoCode,
    payment: {
      status: order.paymentStatus,
      method: payment.display ?? null,
      transaction_id: payment.transaction_id ?? null,
    },
    shipping_address: order.shippingAddress as OrderResponse['shipping_address'],
    fulfilment: { carrier: order.carrier, tracking_number: order.trackingNumber },
    estimated_delivery: iso(order.estimatedDelivery),
    cancellation_reason: order.cancellationReason,
    timeline: order.timeline.map((t) => ({
      status: t.status,
      timestamp: t.occurredAt.toISOString(),
      ...(t.note ? { note: t.note } : {}),
    })),
  };
}

const toSummaryResponse = (o: OrderSummary): OrderSummaryResponse => ({
  order_id: o.orderId,
  status: o.status,
  created_at: o.createdAt.toISOString(),
  total: centsToAmount(o.totalCents),
  items_count: o.itemsCount,
});

/** A page of orders → the list's shape: a cursor for the next keyset page, or the offset page's figures. */
export function toListResponse(listing: OrderListing, query: { page?: number | undefined; limit: number }) {
  if (listing.kind === 'keyset') return keysetPageResponse(listing, toSummaryResponse);
  const data = listing.items.map(toSummaryResponse);
  return { data, pagination: offsetPage(query.page ?? 1, query.limit, listing.total) };
}

/**
 * A saga that ended in a business refusal within the wait answers as the API's errors do: 422
 * INSUFFICIENT_INVENTORY naming the product, requested and available, or 422 PAYMENT_FAILED. The
 * order exists (cancelled) and its id is in the details.
 */
export function outcomeError(order: Order): DomainError | null {
  if (order.status !== 'cancelled') return null;
  const failure = order.metadata?.failure ?? {};
  if (order.cancellationReason === 'insufficient_inventory') {
    return new DomainError('INSUFFICIENT_INVENTORY', `Product '${failure.product_id}' has insufficient inventory`, {
      order_id: order.orderId,
      ...failure,
    });
  }
  if (order.cancellationReason === 'payment_failed') {
    return new DomainError('PAYMENT_FAILED', `Payment was not authorized: ${failure.message ?? 'declined'}`, {
      order_id: order.orderId,
      ...failure,
    });
  }
  return null;
}
