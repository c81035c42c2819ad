import { amountToCents, centsToAmount, OrderEvents, type CreateOrderBody, type OrderResponse } from '@shop/contracts';
import { AppError, type Caller } from '@shop/http';
import type pg from 'pg';
import { type OutboxWriter } from '@shop/messaging';
import { sqlOn } from '@shop/persistence';
import { priceOrder, type PricingRules } from '../domain/pricing.js';
import { findCatalogueProducts } from '../persistence/catalogue.js';
import { insertPendingOrder, pendingOrder, type PendingOrderInsert } from '../persistence/pending-order-insert.js';
import { IDEMPOTENCY_TTL_MS, idempotencyCheckOf } from './idempotency.js';
import { toOrderResponse } from './order-mapper.js';
import type { OrderMetrics } from './order-metrics.js';

export interface PlaceOrderDeps {
  readonly pool: pg.Pool;
  readonly outbox: OutboxWriter;
  readonly pricing: PricingRules;
  readonly deliveryDays: number;
  readonly metrics?: OrderMetrics;
}

export interface Idempotency {
  readonly key: string;
  readonly hash: string;
}

export interface PlaceOrderRequest {
  /** Chosen by the caller, so that it can watch for the order's outcome before the order exists. */
  readonly orderId: string;
  readonly idempotency?: Idempotency | undefined;
}

export type PlaceOrderResult =
  | { kind: 'created'; order: OrderResponse }
  | { kind: 'replayed'; statusCode: number; body: unknown };

/**
 * Validates the basket against the catalogue replica (prices are never taken from the client),
 * prices it in cents, and writes the PENDING order, its timeline, the OrderPlaced event and the
 * idempotency record in one statement (insertPendingOrder), which commits on its own.
 * The saga takes it from there.
 */
export async function placeOrder(deps: PlaceOrderDeps, caller: Caller, body: CreateOrderBody, request: PlaceOrderRequest): Promise<PlaceOrderResult> {
  const products = await findCatalogueProducts(sqlOn(deps.pool), body.items.map((i) => i.product_id));
  const byId = new Map(products.map((p) => [p.productId, p]));
  const lines = body.items.map((item, index) => {
    const product = byId.get(item.product_id);
    if (!product || product.status !== 'active') {
      throw new AppError('VALIDATION_ERROR', `Product '${item.product_id}' is not available`, {
        issues: [{ field: `body.items.${index}.product_id`, message: product ? 'product is not active' : 'unknown product' }],
      });
    }
    if (item.price !== undefined && amountToCents(item.price) !== product.priceCents) {
      throw new AppError('PRICE_CHANGED', `The price of '${product.name}' has changed`, {
        product_id: product.productId,
        submitted_price: item.price,
        current_price: centsToAmount(product.priceCents),
      });
    }
    return { productId: product.productId, name: product.name, quantity: item.quantity, unitPriceCents: product.priceCents, currency: product.currency };
  });
  const currency = lines[0]!.currency;
  if (lines.some((l) => l.currency !== currency)) throw new AppError('VALIDATION_ERROR', 'All items of an order must share one currency');
  // Promotions are a later capability: a well-formed code is accepted and recorded, and discounts nothing yet.
  const totals = priceOrder(lines, deps.pricing, 0);
  const now = new Date();

  const order = pendingOrder({
    orderId: request.orderId,
    userId: caller.userId,
    subtotalCents: totals.subtotalCents,
    discountCents: totals.discountCents,
    taxCents: totals.taxCents,
    shippingCents: totals.shippingCents,
    totalCents: totals.totalCents,
    currency,
    paymentMethod: { type: body.payment_method.type },
    promoCode: body.promo_code ?? null,
    shippingAddress: body.shipping_address,
    estimatedDelivery: new Date(now.getTime() + deps.deliveryDays * 86_400_000),
    lines: totals.lines,
    at: now,
  });
  const response = toOrderResponse(order);
  const { idempotency } = request;
  const stored = idempotency
    ? { callerId: caller.userId, key: idempotency.key, requestHash: idempotency.hash, statusCode: 201, body: response, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) }
    : undefined;

  const placed = deps.outbox.prepare(OrderEvents.OrderPlaced, {
    subject: order.orderId,
    correlationId: order.orderId,
    data: {
      order_id: order.orderId,
      user_id: caller.userId,
      items: totals.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity, unit_price_cents: l.unitPriceCents })),
      total_cents: totals.totalCents,
      currency,
      payment_method: body.payment_method,
    },
  });
  const written = await insertPendingOrder(sqlOn(deps.pool), order, placed, stored);
  const result: PlaceOrderResult = idempotency ? keyedOutcome(written, idempotency, response) : { kind: 'created', order: response };
  if (result.kind === 'created') deps.metrics?.created.inc();
  return result;
}

/** What a POST under an Idempotency-Key answers, from what its statement did (nothing, unless it created the order). */
function keyedOutcome(written: PendingOrderInsert, idempotency: Idempotency, response: OrderResponse): PlaceOrderResult {
  const check = idempotencyCheckOf(written, idempotency.hash);
  if (check.kind === 'conflict') throw new AppError('DUPLICATE_REQUEST', check.message, { idempotency_key: idempotency.key });
  if (check.kind === 'replay') return { kind: 'replayed', statusCode: check.statusCode, body: check.body };
  return { kind: 'created', order: response };
}
