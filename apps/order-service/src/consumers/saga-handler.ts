import type { EventDefinition, EventPayload } from '@shop/contracts';
import { PermanentError, type CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import { applyTransition, type TransitionContext } from '../application/apply-transition.js';
import type { OrderPersistence, TransitionDeps } from '../application/order-deps.js';
import { reactTo, type SagaSignal } from '../domain/saga.js';
import type { SagaRun } from '../domain/saga-run.js';
import type { SagaRefusals } from '@shop/telemetry';

export interface SagaDeps {
  readonly persistence: Pick<OrderPersistence, 'transactions' | 'on'>;
  readonly transitions: TransitionDeps;
  readonly logger: Logger;
  readonly refusals: SagaRefusals;
}

/** A handler of the saga consumer: runs in the run's transaction, on the orders the run locked. */
export type SagaHandler<D extends EventDefinition> = (
  tx: Sql,
  event: CloudEvent<EventPayload<D>>,
  run: SagaRun,
) => Promise<void>;

/** What one saga event says: which order, which signal, and what to record with the transition. */
export interface SignalReading {
  readonly orderId: string;
  readonly signal: SagaSignal;
  readonly context?: Omit<TransitionContext, 'causationId'>;
}

/**
 * A consumer of a saga signal. What the signal means for its order is decided on the run's view
 * of it (the order is locked when the run did not find it): the command the domain names, applied,
 * or nothing but the payment's status when the signal is late, a duplicate or irrelevant.
 */
export const signalConsumer =
  <D extends EventDefinition>(read: (event: CloudEvent<EventPayload<D>>) => SignalReading) =>
  (deps: SagaDeps): SagaHandler<D> =>
  (tx, event, run) =>
    reactToSignal(deps, tx, run, event, read(event));

async function reactToSignal(
  deps: SagaDeps,
  tx: Sql,
  run: SagaRun,
  event: CloudEvent,
  { orderId, signal, context = {} }: SignalReading,
): Promise<void> {
  const orders = deps.persistence.on(tx).orders;
  const order = run.order(orderId) ?? (await orders.lock(orderId));
  if (!order) throw new PermanentError(`order ${orderId} does not exist`);
  const command = reactTo(signal, order.status);
  if (!command) {
    if (context.payment) await orders.writePaymentStatus(orderId, context.payment.status);
    deps.logger.debug({ orderId, signal: signal.type, status: order.status }, 'saga signal changes nothing');
    return;
  }
  const transition = { causationId: event.id, ...context };
  const result = await applyTransition(orders, deps.transitions, order, command, transition, run);
  if (result.ok) return;
  // A signal the domain names a command for, refused: the saga and the order disagree, a person
  // should know. Counted inside the transaction: a rollback-and-retry counts twice, a rate tolerates it.
  deps.refusals.inc({ type: event.type, reason: result.error.code.toLowerCase() });
  deps.logger.warn({ orderId, signal: signal.type, result }, 'saga command refused');
}

/** Records what the payment service says about the order's money; the order's status stays. */
export const recordPaymentStatus =
  (deps: SagaDeps, status: string) =>
  async (tx: Sql, event: CloudEvent<{ order_id: string }>): Promise<void> => {
    await deps.persistence.on(tx).orders.writePaymentStatus(event.data.order_id, status);
  };
