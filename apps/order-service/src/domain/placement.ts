import {
  accept,
  amountToCents,
  centsToAmount,
  OrderEvents,
  refuse,
  type CreateOrderBody,
  type Decision,
  type SealedCardToken,
} from '@shop/contracts';
import type { CatalogueProduct } from './catalogue.port.js';
import type { Order } from './order.js';
import type { OrderEvent } from './order-events.js';
import { largestOrderCents, priceOrder, withinOrderLimit, type PricingRules } from './pricing.js';

/** What the order asks of the payment: the card token, sealed for the payment service before it got here. */
export interface SealedPaymentMethod {
  readonly type: 'card';
  readonly sealed_token: SealedCardToken;
}

/** The body as the domain sees it: without the card token in clear, so no decision can store or emit it. */
export type PlacementBody = Omit<CreateOrderBody, 'payment_method'>;

/** What the caller asked for, and what comes from outside the decision: ids, the time, the rules. */
export interface PlacementRequest {
  readonly orderId: string;
  readonly userId: string;
  readonly body: PlacementBody;
  readonly paymentMethod: SealedPaymentMethod;
  /** Gives each line of the order its id. */
  readonly newLineId: () => string;
  readonly at: Date;
  readonly pricing: PricingRules;
  readonly deliveryDays: number;
}

/** A PENDING order as it will be written, known before the write, and the event it emits. */
export interface Placement {
  readonly order: Order;
  readonly event: OrderEvent;
}

type PricedLine = CatalogueProduct & { readonly quantity: number };

/** Each line checked against the catalogue replica: prices are never taken from the client. */
function checkLines(body: PlacementBody, products: readonly CatalogueProduct[]): Decision<PricedLine[]> {
  const byId = new Map(products.map((p) => [p.productId, p]));
  const lines: PricedLine[] = [];
  for (const [index, item] of body.items.entries()) {
    const product = byId.get(item.product_id);
    if (!product || product.status !== 'active') {
      return refuse('VALIDATION_ERROR', `Product '${item.product_id}' is not available`, {
        issues: [
          { field: `body.items.${index}.product_id`, message: product ? 'product is not active' : 'unknown product' },
        ],
      });
    }
    if (item.price !== undefined && amountToCents(item.price) !== product.priceCents) {
      return refuse('PRICE_CHANGED', `The price of '${product.name}' has changed`, {
        product_id: product.productId,
        submitted_price: item.price,
        current_price: centsToAmount(product.priceCents),
      });
    }
    lines.push({ ...product, quantity: item.quantity });
  }
  return accept(lines);
}

/**
 * Validates the basket against the catalogue replica, prices it in cents, and gives the PENDING
 * order with its first timeline entry and its OrderPlaced event — or the refusal.
 */
export function decidePlacement(request: PlacementRequest, products: readonly CatalogueProduct[]): Decision<Placement> {
  const checked = checkLines(request.body, products);
  if (!checked.ok) return checked;
  const lines = checked.value;
  const currency = lines[0]?.currency ?? 'USD';
  if (lines.some((l) => l.currency !== currency)) {
    return refuse('VALIDATION_ERROR', 'All items of an order must share one currency');
  }
  // Promotions are a later capability: a well-formed code is accepted and recorded, and discounts nothing yet.
  const totals = priceOrder(
    lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity, unitPriceCents: l.priceCents })),
    request.pricing,
    0,
  );
  if (!withinOrderLimit(totals)) {
    return refuse('VALIDATION_ERROR', 'The order is larger than one order can carry: split it', {
      issues: [{ field: 'body.items', message: `an order's total is at most ${centsToAmount(largestOrderCents)}` }],
    });
  }
  const { orderId, userId, body, at } = request;
  const order: Order = {
    orderId,
    userId,
    status: 'pending',
    subtotalCents: totals.subtotalCents,
    discountCents: totals.discountCents,
    taxCents: totals.taxCents,
    shippingCents: totals.shippingCents,
    totalCents: totals.totalCents,
    currency,
    paymentStatus: 'pending',
    paymentMethod: { type: request.paymentMethod.type },
    promoCode: body.promo_code ?? null,
    shippingAddress: body.shipping_address,
    billingAddress: null,
    notes: null,
    cancellationReason: null,
    carrier: null,
    trackingNumber: null,
    estimatedDelivery: new Date(at.getTime() + request.deliveryDays * 86_400_000),
    createdAt: at,
    updatedAt: at,
    confirmedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    metadata: null,
    items: totals.lines.map((l) => ({
      orderItemId: request.newLineId(),
      orderId,
      productId: l.productId,
      productName: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      discountCents: 0,
      totalCents: l.totalCents,
      createdAt: at,
    })),
    timeline: [{ orderId, status: 'pending', note: null, occurredAt: at }],
  };
  const event: OrderEvent = {
    definition: OrderEvents.OrderPlaced,
    data: {
      order_id: orderId,
      user_id: userId,
      items: totals.lines.map((l) => ({
        product_id: l.productId,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
      })),
      total_cents: totals.totalCents,
      currency,
      payment_method: request.paymentMethod,
    },
  };
  return accept({ order, event });
}
