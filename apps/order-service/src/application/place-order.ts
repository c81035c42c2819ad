import { randomUUID } from 'node:crypto';
import { type CreateOrderBody, DomainError } from '@shop/contracts';
import { type Caller } from '@shop/http';
import { IDEMPOTENCY_TTL_MS, idempotencyCheckOf } from '../domain/idempotency.js';
import type { Order } from '../domain/order.js';
import type { PendingOrderWrite } from '../domain/orders.port.js';
import { decidePlacement } from '../domain/placement.js';
import type { OrderDeps } from './order-deps.js';
import { prepareEvent } from './outgoing-event.js';

export interface Idempotency {
  readonly key: string;
  readonly hash: string;
  /** The body a replay of this request answers with, stored with the order. */
  readonly replyBody: (order: Order) => unknown;
}

export interface PlaceOrderRequest {
  /** Chosen by the caller, so that the outcome can be watched for before the order exists. */
  readonly orderId: string;
  readonly idempotency?: Idempotency | undefined;
  /** How long to hold the request for the saga's outcome (0: answer at once). */
  readonly waitMs: number;
}

export type PlaceOrderResult =
  /** The same key and body came before: its stored response. */
  | { kind: 'replayed'; statusCode: number; body: unknown }
  /** Still pending: as written (no wait), or as read back when the wait ran out. */
  | { kind: 'pending'; order: Order }
  /** The saga decided within the wait: confirmed, or cancelled. */
  | { kind: 'decided'; order: Order };

/**
 * Places an order: prices the basket from the catalogue replica (domain decision), writes the
 * PENDING order, its timeline, the OrderPlaced event and the idempotency record in one statement,
 * which commits on its own (no BEGIN/COMMIT on the hot path), then waits, if asked, for the saga's
 * outcome and reads the order back.
 */
export async function placeOrder(
  deps: OrderDeps,
  caller: Caller,
  body: CreateOrderBody,
  request: PlaceOrderRequest,
): Promise<PlaceOrderResult> {
  const { orderId, waitMs } = request;
  const outcome = waitMs > 0 ? deps.outcomes.watch(orderId) : undefined;
  try {
    const written = await writeOrder(deps, caller, body, request);
    if (written.kind === 'replayed' || !outcome) return written;
    await outcome.until(waitMs);
    const order = await deps.persistence.autocommit.orders.find(orderId);
    if (!order) throw new DomainError('NOT_FOUND', `Order ${orderId} not found`);
    return order.status === 'pending' ? { kind: 'pending', order } : { kind: 'decided', order };
  } finally {
    outcome?.close();
  }
}

async function writeOrder(
  deps: OrderDeps,
  caller: Caller,
  body: CreateOrderBody,
  request: PlaceOrderRequest,
): Promise<PlaceOrderResult> {
  const { persistence, placing, transitions } = deps;
  const products = await persistence.autocommit.catalogue.find(body.items.map((i) => i.product_id));
  const at = new Date();
  const { payment_method: card, ...placementBody } = body;
  const { cardTokens, ...rules } = placing;
  // Sealed first: from here on only the payment service can read the token (docs/security.md).
  const paymentMethod = { type: card.type, sealed_token: cardTokens.seal(card.token, request.orderId) };
  const decision = decidePlacement(
    {
      orderId: request.orderId,
      userId: caller.userId,
      body: placementBody,
      paymentMethod,
      newLineId: randomUUID,
      at,
      ...rules,
    },
    products,
  );
  if (!decision.ok) throw decision.error;
  const { order, event } = decision.value;
  const { idempotency } = request;
  const stored = idempotency
    ? {
        callerId: caller.userId,
        key: idempotency.key,
        requestHash: idempotency.hash,
        statusCode: 201,
        body: idempotency.replyBody(order),
        expiresAt: new Date(at.getTime() + IDEMPOTENCY_TTL_MS),
      }
    : undefined;
  const placed = prepareEvent(transitions.outbox, event, { subject: order.orderId, correlationId: order.orderId });
  const written = await persistence.pendingOrders.insert(order, placed, stored);
  const result = idempotency ? keyedOutcome(written, idempotency, order) : ({ kind: 'pending', order } as const);
  if (result.kind === 'pending') transitions.metrics?.created.inc();
  return result;
}

/** What a POST under an Idempotency-Key answers, from what its statement did (nothing, unless it created the order). */
function keyedOutcome(written: PendingOrderWrite, idempotency: Idempotency, order: Order): PlaceOrderResult {
  const check = idempotencyCheckOf(written, idempotency.hash);
  if (check.kind === 'conflict')
    throw new DomainError('DUPLICATE_REQUEST', check.message, { idempotency_key: idempotency.key });
  if (check.kind === 'replay') return { kind: 'replayed', statusCode: check.statusCode, body: check.body };
  return { kind: 'pending', order };
}
