import { centsToAmount, type OrderResponse } from '@shop/contracts';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderView } from '../persistence/order-repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface PaymentMethodJson {
  type?: string;
  display?: string | null;
  transaction_id?: string | null;
}

/** Persistence → the API's shape (seed §3.3.1/§3.3.2): decimals from cents, snake_case. */
export function toOrderResponse(order: OrderView): OrderResponse {
  const payment = (order.paymentMethod ?? {}) as PaymentMethodJson;
  return {
    order_id: order.orderId,
    user_id: order.userId,
    status: order.status as OrderStatus,
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
    payment: { status: order.paymentStatus, method: payment.display ?? null, transaction_id: payment.transaction_id ?? null },
    shipping_address: order.shippingAddress as OrderResponse['shipping_address'],
    fulfilment: { carrier: order.carrier, tracking_number: order.trackingNumber },
    estimated_delivery: iso(order.estimatedDelivery),
    cancellation_reason: order.cancellationReason,
    timeline: order.timeline.map((t) => ({ status: t.status, timestamp: t.occurredAt.toISOString(), ...(t.note ? { note: t.note } : {}) })),
  };
}
