import type { OutboxWriter, SqlTransaction } from '@shop/messaging';
import type { PaymentRepository } from '../domain/payment.repository.port.js';
import { isDueNow, type Transition } from '../domain/payment-state-machine.js';
import { writePaymentEvents } from './payment-events.js';

export interface UnitOfWork {
  readonly tx: SqlTransaction;
  readonly repository: PaymentRepository;
  readonly outbox: OutboxWriter;
}

/**
 * Makes a transition durable: the payment, its events (outbox) and, when a provider call is due
 * right away, a NOTIFY that wakes the workers on commit. All in the caller's transaction.
 */
export async function commitTransition(
  work: UnitOfWork,
  transition: Transition,
  now: Date,
  options: { readonly insert?: boolean; readonly causationId?: string } = {},
): Promise<void> {
  if (options.insert) await work.repository.insert(transition.payment, now);
  else if (transition.ignored) return;
  else await work.repository.save(transition.payment, now);
  await writePaymentEvents(work.outbox, work.tx, transition.payment, transition.emit, options.causationId);
  if (isDueNow(transition.payment, now)) await work.repository.wakeWorkers();
}
