import { OrderEvents } from '@shop/contracts';
import type { OutboxWriter } from '@shop/messaging';
import { decide, type Decision, type Policy } from '../domain/decide.js';
import { sagaOutcomes, type OrderCommand } from '../domain/order-status.js';
import { lockOrder, outcomeChannel, type OrderTx } from '../persistence/order-repository.js';
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
  context: { causationId?: string; payment?: PaymentDetails; note?: string; failure?: Record<string, string | number> } = {},
): Promise<TransitionResult> {
  const order = await lockOrder(tx, orderId);
  if (!order) return { ok: false, code: 'NOT_FOUND', message: `Order ${orderId} not found` };
  const now = deps.now?.() ?? new Date();
  const decision = decide(order, command, now, deps.policy);
  if (!decision.ok) return decision;

  const at = { confirmed: 'confirmedAt', shipped: 'shippedAt', delivered: 'deliveredAt', cancelled: 'cancelledAt' } as const;
  const stampField = at[decision.to as keyof typeof at];
  await tx.order.update({
    where: { orderId },
    data: {
      status: decision.to,
      updatedAt: now,
      ...(stampField ? { [stampField]: now } : {}),
      ...(decision.cancellationReason ? { cancellationReason: decision.cancellationReason } : {}),
      ...(decision.shipment ? { carrier: decision.shipment.carrier, trackingNumber: decision.shipment.trackingNumber } : {}),
      ...(context.payment
        ? {
            paymentStatus: context.payment.status,
            ...(context.payment.method || context.payment.transactionId
              ? { paymentMethod: { type: 'card', display: context.payment.method ?? null, transaction_id: context.payment.transactionId ?? null } }
              : {}),
          }
        : {}),
      ...(context.failure ? { metadata: { failure: context.failure } } : {}),
      timeline: { create: { status: decision.to, occurredAt: now, note: context.note ?? decision.cancellationReason ?? null } },
    },
  });

  const envelope = { subject: orderId, correlationId: orderId, ...(context.causationId ? { causationId: context.causationId } : {}) };
  if (decision.to === 'confirmed') {
    await deps.outbox.add(tx, OrderEvents.OrderConfirmed, {
      ...envelope,
      data: { order_id: orderId, user_id: order.userId, total_cents: order.totalCents, currency: order.currency },
    });
  } else if (decision.to === 'cancelled') {
    await deps.outbox.add(tx, OrderEvents.OrderCancelled, {
      ...envelope,
      data: { order_id: orderId, user_id: order.userId, previous_status: decision.from, reason: decision.cancellationReason! },
    });
  } else {
    await deps.outbox.add(tx, OrderEvents.OrderStatusChanged, {
      ...envelope,
      data: {
        order_id: orderId,
        user_id: order.userId,
        from: decision.from,
        to: decision.to,
        ...(decision.shipment ? { carrier: decision.shipment.carrier, tracking_number: decision.shipment.trackingNumber } : {}),
      },
    });
  }
  if (decision.to === 'cancelled') deps.metrics?.cancelled.inc({ reason: decision.cancellationReason! });
  if (sagaOutcomes.has(decision.to) && decision.from === 'pending') {
    // Counted inside the transaction: a rare rollback-and-retry counts twice, which a rate tolerates.
    if (decision.to === 'confirmed') deps.metrics?.confirmed.inc();
    deps.metrics?.sagaDuration.observe((now.getTime() - order.createdAt.getTime()) / 1000);
    // Delivered on commit to every instance that holds a `Prefer: wait` request for this order.
    await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', outcomeChannel(deps.schema), orderId);
  }
  return decision;
}
