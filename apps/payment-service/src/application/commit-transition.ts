import type { OutboxWriter, SqlTransaction } from '@shop/messaging';
import type { AttemptRecord, PaymentRepository } from '../domain/payment.repository.port.js';
import { isDueNow, type Transition } from '../domain/payment-state-machine.js';
import { writePaymentEvents } from './payment-events.js';

export interface UnitOfWork {
  readonly tx: SqlTransaction;
  readonly repository: PaymentRepository;
  readonly outbox: OutboxWriter;
}

/**
 * Makes a transition durable: the payment (with the provider attempt that led to it, and, when a
 * provider call is due right away, a NOTIFY that wakes the workers on commit) and its events
 * (outbox). All in the caller's transaction.
 */
export async function commitTransition(
  work: UnitOfWork,
  transition: Transition,
  now: Date,
  options: { readonly insert?: boolean; readonly causationId?: string; readonly attempt?: AttemptRecord } = {},
): Promise<void> {
  const { attempt, insert, causationId } = options;
  if (transition.ignored && !insert) {
    if (attempt) await work.repository.recordAttempt(attempt);
    return;
  }
  const write = { wakeWorkers: isDueNow(transition.payment, now), ...(attempt ? { attempt } : {}) };
  if (insert) await work.repository.insert(transition.payment, now, write);
  else await work.repository.save(transition.payment, now, write);
  await writePaymentEvents(work.outbox, work.tx, transition.payment, transition.emit, causationId);
}

/**
 * The same for several payments' transitions (the worker's provider results): the payments and the
 * attempts behind them in one statement, then their events. An ignored transition logs only its attempt.
 */
export async function commitTransitions(
  work: UnitOfWork,
  results: readonly { readonly transition: Transition; readonly attempt: AttemptRecord }[],
  now: Date,
): Promise<void> {
  const changed = results.filter((r) => !r.transition.ignored).map((r) => r.transition);
  await work.repository.saveAll(
    changed.map((t) => t.payment),
    now,
    { attempts: results.map((r) => r.attempt), wakeWorkers: changed.some((t) => isDueNow(t.payment, now)) },
  );
  for (const t of changed) await writePaymentEvents(work.outbox, work.tx, t.payment, t.emit);
}
