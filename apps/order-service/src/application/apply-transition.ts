import { refuse, type Decision } from '@shop/contracts';
import { decide, type Transition } from '../domain/decide.js';
import type { OrderState } from '../domain/order.js';
import { sagaOutcomes, type OrderCommand } from '../domain/order-status.js';
import type { OrderStore, PaymentDetails } from '../domain/orders.port.js';
import type { SagaRun } from '../domain/saga-run.js';
import type { OutgoingEvent, TransitionDeps } from './order-deps.js';
import { prepareEvent } from './outgoing-event.js';

export interface TransitionContext {
  readonly causationId?: string;
  readonly payment?: PaymentDetails;
  readonly note?: string;
  readonly failure?: Record<string, string | number>;
}

/**
 * Applies one command to one order the caller's transaction has locked: decide (pure), then write
 * the new status, its timeline entry and the decision's event in one statement. A refusal writes
 * nothing. Within a saga run, the write keeps the run's view of the order current.
 */
export async function applyTransition(
  orders: OrderStore<OutgoingEvent>,
  deps: TransitionDeps,
  order: OrderState,
  command: OrderCommand,
  context: TransitionContext = {},
  run?: SagaRun,
): Promise<Decision<Transition>> {
  const orderId = order.orderId;
  const now = deps.now?.() ?? new Date();
  const decision = decide(order, command, now, deps.policy);
  if (!decision.ok) return decision;
  const transition = decision.value;
  const isOutcome = sagaOutcomes.has(transition.to) && transition.from === 'pending';
  const envelope = {
    subject: orderId,
    correlationId: orderId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
  };
  await orders.writeStatusChange(
    {
      orderId,
      from: transition.from,
      to: transition.to,
      at: now,
      note: context.note ?? transition.cancellationReason ?? null,
      ...(transition.cancellationReason ? { cancellationReason: transition.cancellationReason } : {}),
      ...(transition.shipment ? { shipment: transition.shipment } : {}),
      ...(context.payment ? { payment: context.payment } : {}),
      ...(context.failure ? { failure: context.failure } : {}),
      // Delivered on commit to every instance that holds a `Prefer: wait` request for this order.
      notifyOutcome: isOutcome,
      event: prepareEvent(deps.outbox, transition.event, envelope),
    },
    run,
  );

  if (transition.to === 'cancelled' && transition.cancellationReason) {
    deps.metrics?.cancelled.inc({ reason: transition.cancellationReason });
  }
  if (isOutcome) {
    // Counted inside the transaction: a rare rollback-and-retry counts twice, which a rate tolerates.
    if (transition.to === 'confirmed') deps.metrics?.confirmed.inc();
    deps.metrics?.sagaDuration.observe((now.getTime() - order.createdAt.getTime()) / 1000);
  }
  return decision;
}

/** The same for an order not locked yet: locks it first (NOT_FOUND when there is none). */
export async function transitionOrder(
  orders: OrderStore<OutgoingEvent>,
  deps: TransitionDeps,
  orderId: string,
  command: OrderCommand,
  context: TransitionContext = {},
): Promise<Decision<Transition>> {
  const order = await orders.lock(orderId);
  if (!order) return refuse('NOT_FOUND', `Order ${orderId} not found`);
  return applyTransition(orders, deps, order, command, context);
}
