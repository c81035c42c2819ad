import type { OutboxWriter, PreparedOutboxEvent } from '@shop/messaging';
import type { AttemptRecord, PaymentRepository } from '../domain/payment.repository.port.js';
import type { PaymentRun } from '../domain/payment-run.js';
import { isDueNow, type Transition } from '../domain/payment-state-machine.js';
import { paymentEvents } from './payment-events.js';

export interface CommitOptions {
  /** A new payment (an intent): inserted rather than updated. */
  readonly insert?: boolean;
  /** The event that caused the transition: its id goes on the events produced. */
  readonly causationId?: string;
  readonly attempt?: AttemptRecord;
  /** The saga run the transition happens in, kept current by the write. */
  readonly run?: PaymentRun | undefined;
}

export interface UnitOfWork {
  /** Bound to the caller's transaction. */
  readonly repository: PaymentRepository<PreparedOutboxEvent<unknown>>;
  readonly outbox: OutboxWriter;
}

/**
 * Makes a transition durable in one statement, in the caller's transaction: the payment, the
 * provider attempt that led to it, its events (outbox) and, when a provider call is due right
 * away, a NOTIFY that wakes the workers on commit.
 */
export async function commitTransition(
  work: UnitOfWork,
  transition: Transition,
  now: Date,
  options: CommitOptions = {},
): Promise<void> {
  const { attempt, insert, causationId, run } = options;
  if (transition.ignored && !insert) {
    if (attempt) await work.repository.recordAttempt(attempt);
    return;
  }
  const write = {
    wakeWorkers: isDueNow(transition.payment, now),
    events: paymentEvents(work.outbox, transition.payment, transition.emit, causationId),
    ...(attempt ? { attempt } : {}),
    ...(run ? { run } : {}),
  };
  if (insert) await work.repository.insert(transition.payment, now, write);
  else await work.repository.save(transition.payment, now, write);
}

/**
 * The same for several payments' transitions (the worker's provider results), all in one
 * statement, however many: an ignored transition logs only its attempt.
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
    {
      attempts: results.map((r) => r.attempt),
      wakeWorkers: changed.some((t) => isDueNow(t.payment, now)),
      events: changed.flatMap((t) => paymentEvents(work.outbox, t.payment, t.emit)),
    },
  );
}
