import { OrderEvents } from '@shop/contracts';
import type { OutboxWriter } from '@shop/messaging';
import { decide, type Decision, type Policy } from '../domain/decide.js';
import { sagaOutcomes, type OrderCommand } from '../domain/order-status.js';
import { lockOrder, outcomeChannel, type LockedOrder, type OrderTx } from '../persistence/order-repository.js';
import { writeStatusChange } from '../persistence/order-writes.js';
import type { OrderMetrics } from './order-metrics.js';

export interface TransitionDeps {
  readonly outbox: OutboxWriter;
  readonly schema: string;
  readonly policy: Policy;
  readonly now?: () => Date;
  readonly metrics?: OrderMetrics;
}

export interface PaymentDetails {
  readonly status: string;
  readonly method?: string;
  readonly transactionId?: string;
}

export type TransitionResult = Decision | { ok: false; code: 'NOT_FOUND'; message: string };

/**
 * Applies one command to one order inside the caller's transaction: lock, decide (pure), write the
 * new status and its timeline entry, and put the matching event in the outbox. A refusal writes nothing.
 */
export async function transitionOrder(
  tx: OrderTx,
  deps: TransitionDeps,
  orderId: string,
  command: OrderCommand,
  context: TransitionContext = {},
): Promise<TransitionResult> {
  const order = await lockOrder(tx, orderId);
  if (!order) return { ok: false, code: 'NOT_FOUND', message: `Order ${orderId} not found` };
  return applyTransition(tx, deps, order, command, context);
}

export interface TransitionContext {
  readonly causationId?: string;
  readonly payment?: PaymentDetails;
  readonly note?: string;
  readonly failure?: Record<string, string | number>;
}

/** The same for an order the caller has already locked (lockOrder) in this transaction. */
export async function applyTransition(
  tx: OrderTx,
  deps: TransitionDeps,
  order: LockedOrder,
  command: OrderCommand,
  context: TransitionContext = {},
): Promise<Decision> {
  const orderId = order.orderId;
  const now = deps.now?.() ?? new Date();
  const decision = decide(order, command, now, deps.policy);
  if (!decision.ok) return decision;

  const stamp = { confirmed: 'confirmed_at', shipped: 'shipped_at', delivered: 'delivered_at', cancelled: 'cancelled_at' } as const;
  const stampColumn = stamp[decision.to as keyof typeof stamp];
  const isOutcome = sagaOutcomes.has(decision.to) && decision.from === 'pending';
  const envelope = { subject: orderId, correlationId: orderId, ...(context.causationId ? { causationId: context.causationId } : {}) };
  const event = transitionEvent(deps.outbox, order, decision, envelope);
  await writeStatusChange(tx, {
    orderId,
    to: decision.to,
    at: now,
    note: context.note ?? decision.cancellationReason ?? null,
    fields: {
      ...(stampColumn ? { [stampColumn]: now.toISOString() } : {}),
      ...(decision.cancellationReason ? { cancellation_reason: decision.cancellationReason } : {}),
      ...(decision.shipment ? { carrier: decision.shipment.carrier, tracking_number: decision.shipment.trackingNumber } : {}),
      ...(context.payment
        ? {
            payment_status: context.payment.status,
            ...(context.payment.method || context.payment.transactionId
              ? { payment_method: { type: 'card', display: context.payment.method ?? null, transaction_id: context.payment.transactionId ?? null } }
              : {}),
          }
        : {}),
      ...(context.failure ? { metadata: { failure: context.failure } } : {}),
    },
    // Delivered on commit to every instance that holds a `Prefer: wait` request for this order.
    ...(isOutcome ? { notifyChannel: outcomeChannel(deps.schema) } : {}),
    event,
  });

  if (decision.to === 'cancelled') deps.metrics?.cancelled.inc({ reason: decision.cancellationReason! });
  if (isOutcome) {
    // Counted inside the transaction: a rare rollback-and-retry counts twice, which a rate tolerates.
    if (decision.to === 'confirmed') deps.metrics?.confirmed.inc();
    deps.metrics?.sagaDuration.observe((now.getTime() - order.createdAt.getTime()) / 1000);
  }
  return decision;
}

/** The event a transition emits: OrderConfirmed, OrderCancelled (compensation), or OrderStatusChanged. */
function transitionEvent(outbox: OutboxWriter, order: LockedOrder, decision: Extract<Decision, { ok: true }>, envelope: { subject: string; correlationId: string; causationId?: string }) {
  const { orderId, userId } = order;
  if (decision.to === 'confirmed') {
    return outbox.prepare(OrderEvents.OrderConfirmed, { ...envelope, data: { order_id: orderId, user_id: userId, total_cents: order.totalCents, currency: order.currency } });
  }
  if (decision.to === 'cancelled') {
    return outbox.prepare(OrderEvents.OrderCancelled, { ...envelope, data: { order_id: orderId, user_id: userId, previous_status: decision.from, reason: decision.cancellationReason! } });
  }
  return outbox.prepare(OrderEvents.OrderStatusChanged, {
    ...envelope,
    data: {
      order_id: orderId,
      user_id: userId,
      from: decision.from,
      to: decision.to,
      ...(decision.shipment ? { carrier: decision.shipment.carrier, tracking_number: decision.shipment.trackingNumber } : {}),
    },
  });
}
