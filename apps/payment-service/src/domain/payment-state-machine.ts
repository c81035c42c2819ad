import type {
  OrderSignals,
  Payment,
  PaymentEventName,
  PaymentIntent,
  PaymentStatus,
  ProviderOperation,
} from './payment.js';
import { newPayment } from './payment.js';
import type { ProviderOutcome } from './payment-provider.port.js';

/** What can happen to a payment: a saga event, or the answer to a provider call. */
export type PaymentInput =
  | { readonly type: 'inventory_reserved' }
  | { readonly type: 'order_cancelled' }
  | { readonly type: 'order_shipped' }
  | { readonly type: 'provider_result'; readonly operation: ProviderOperation; readonly result: ProviderOutcome };

type ResultKind = 'succeeded' | 'declined' | 'failed';
type InputKey = 'inventory_reserved' | 'order_cancelled' | 'order_shipped' | `${ProviderOperation}_${ResultKind}`;

/**
 * When the worker should call the provider next: `now` starts a new operation (attempts from
 * zero), `retry` backs off after a failed attempt, `none` leaves nothing to do, `keep` changes
 * nothing about the schedule.
 */
type Work = 'now' | 'retry' | 'none' | 'keep';

interface Rule {
  readonly to: PaymentStatus;
  readonly work: Work;
  readonly emit?: readonly PaymentEventName[];
  /** What the input adds to the payment: the provider's transaction, its decline, a cancel to honour later. */
  readonly record?: 'transaction' | 'failure' | 'cancel_request';
  /** Accepted even though the status needs no provider call: a result that arrives after the fact. */
  readonly late?: true;
}

interface StatusRow {
  /** The provider call this status needs, if any: the worker does it when the payment is due. */
  readonly operation: ProviderOperation | null | ((payment: Payment) => ProviderOperation);
  readonly on: Partial<Record<InputKey, Rule | ((payment: Payment) => Rule)>>;
}

const retry = (status: PaymentStatus): Rule => ({ to: status, work: 'retry' });
/** The provider refused the operation for good (a captured, voided or unknown authorization): no retry can help. */
const refused: Rule = { to: 'needs_attention', work: 'none', record: 'failure' };

/**
 * THE payment state machine: per status, the provider call it needs and what each input moves it
 * to. An input a status does not list changes nothing (duplicates, late or out-of-order events).
 *
 * Compensations: a cancelled order drops an intent nothing was sent for, voids an authorization
 * (also one the provider may hold because a request left, or one that completes after the
 * cancel), and refunds a capture. A void, capture or refund the provider refuses for good parks the
 * payment in needs_attention, with the provider's reason, for a person to settle.
 */
export const paymentStateMachine: Readonly<Record<PaymentStatus, StatusRow>> = {
  pending: {
    operation: null,
    on: {
      inventory_reserved: { to: 'authorizing', work: 'now' },
      order_cancelled: { to: 'cancelled', work: 'none' },
    },
  },
  authorizing: {
    operation: 'authorize',
    on: {
      // A request already left: the provider may hold an authorization. Keep the schedule (the call
      // in flight, or its lease, moves it on) and void whatever it answers.
      order_cancelled: (p) =>
        p.authorizationSentAt ? { to: 'voiding', work: 'keep' } : { to: 'cancelled', work: 'none' },
      authorize_succeeded: { to: 'authorized', work: 'none', emit: ['authorized'], record: 'transaction' },
      authorize_declined: { to: 'failed', work: 'none', emit: ['failed'], record: 'failure' },
      authorize_failed: retry('authorizing'),
    },
  },
  authorized: {
    operation: null,
    on: {
      order_cancelled: { to: 'voiding', work: 'now' },
      order_shipped: { to: 'capturing', work: 'now' },
    },
  },
  failed: { operation: null, on: {} },
  cancelled: {
    operation: null,
    on: {
      authorize_succeeded: { to: 'voiding', work: 'now', record: 'transaction', late: true },
    },
  },
  // Without a transaction the provider may still hold an authorization under our idempotency key:
  // replaying the authorization answers with it (or with a decline: nothing to void), then void it.
  voiding: {
    operation: (p) => (p.transactionId ? 'void' : 'authorize'),
    on: {
      authorize_succeeded: { to: 'voiding', work: 'now', record: 'transaction' },
      authorize_declined: { to: 'cancelled', work: 'none' },
      authorize_failed: retry('voiding'),
      void_succeeded: { to: 'voided', work: 'none', emit: ['voided'] },
      void_declined: refused,
      void_failed: retry('voiding'),
    },
  },
  voided: { operation: null, on: {} },
  capturing: {
    operation: 'capture',
    on: {
      order_cancelled: { to: 'capturing', work: 'keep', record: 'cancel_request' },
      capture_succeeded: (p) =>
        p.cancelRequestedAt
          ? { to: 'refunding', work: 'now', emit: ['captured'] }
          : { to: 'captured', work: 'none', emit: ['captured'] },
      capture_declined: refused,
      capture_failed: retry('capturing'),
    },
  },
  captured: {
    operation: null,
    on: { order_cancelled: { to: 'refunding', work: 'now' } },
  },
  refunding: {
    operation: 'refund',
    on: {
      refund_succeeded: { to: 'refunded', work: 'none', emit: ['refunded'] },
      refund_declined: refused,
      refund_failed: retry('refunding'),
    },
  },
  refunded: { operation: null, on: {} },
  // Nothing automatic from here; a cancel that comes meanwhile is kept for the person settling it.
  needs_attention: {
    operation: null,
    on: { order_cancelled: { to: 'needs_attention', work: 'none', record: 'cancel_request' } },
  },
};

/** When a payment entered each status that has a timestamp of its own. */
const enteredAt: Partial<Record<PaymentStatus, keyof Payment>> = {
  authorized: 'authorizedAt',
  failed: 'failedAt',
  cancelled: 'cancelledAt',
  voided: 'voidedAt',
  captured: 'capturedAt',
  refunded: 'refundedAt',
};

export interface TransitionContext {
  readonly now: Date;
  /** Backoff after `failedAttempts` failed attempts (see retryDelayMs). */
  readonly retryDelayMs: (failedAttempts: number) => number;
}

export interface Transition {
  readonly payment: Payment;
  readonly emit: readonly PaymentEventName[];
  /** Why nothing changed, when nothing did. */
  readonly ignored?: string;
}

/** The provider call a payment needs now, if any. */
export function operationOf(payment: Payment): ProviderOperation | null {
  const { operation } = paymentStateMachine[payment.status];
  return typeof operation === 'function' ? operation(payment) : operation;
}

function keyOf(input: PaymentInput): InputKey {
  if (input.type !== 'provider_result') return input.type;
  const { outcome } = input.result;
  const kind: ResultKind = outcome === 'succeeded' ? 'succeeded' : outcome === 'declined' ? 'declined' : 'failed';
  return `${input.operation}_${kind}`;
}

/** THE function: the payment after an input, and the events it produces. Pure: time and backoff come in. */
export function transition(payment: Payment, input: PaymentInput, context: TransitionContext): Transition {
  const key = keyOf(input);
  const entry = paymentStateMachine[payment.status].on[key];
  if (!entry) return { payment, emit: [], ignored: `${key} does not apply to a ${payment.status} payment` };
  const rule = typeof entry === 'function' ? entry(payment) : entry;
  if (input.type === 'provider_result' && !rule.late && operationOf(payment) !== input.operation) {
    const needed = operationOf(payment) ?? 'nothing';
    return { payment, emit: [], ignored: `stale ${input.operation} result: the payment now needs ${needed}` };
  }

  const { now } = context;
  let next: Payment = { ...payment, status: rule.to };
  const stamp = enteredAt[rule.to];
  if (rule.to !== payment.status && stamp) next = { ...next, [stamp]: now };
  if (input.type === 'provider_result') next = record(next, rule, input.result);
  if (rule.record === 'cancel_request') next = { ...next, cancelRequestedAt: payment.cancelRequestedAt ?? now };
  next = schedule(next, rule.work, context);
  return { payment: next, emit: rule.emit ?? [] };
}

function record(payment: Payment, rule: Rule, result: ProviderOutcome): Payment {
  if (rule.record === 'transaction' && result.outcome === 'succeeded') {
    const methodDescription = result.methodDescription ?? payment.methodDescription;
    return { ...payment, transactionId: result.transactionId, methodDescription };
  }
  if (rule.record === 'failure' && result.outcome !== 'succeeded') {
    return { ...payment, failureCode: result.code, failureMessage: result.message };
  }
  return payment;
}

function schedule(payment: Payment, work: Work, { now, retryDelayMs }: TransitionContext): Payment {
  switch (work) {
    case 'now':
      return { ...payment, attemptCount: 0, nextAttemptAt: now };
    case 'retry':
      return { ...payment, nextAttemptAt: new Date(now.getTime() + retryDelayMs(payment.attemptCount)) };
    case 'none':
      return { ...payment, nextAttemptAt: null };
    case 'keep':
      return payment;
  }
}

/**
 * OrderPlaced: the intent, nothing charged. Signals that arrived first (the reservation from
 * the other topic, a cancel) are replayed through the same table.
 */
export function recordIntent(
  intent: PaymentIntent,
  signals: OrderSignals | null,
  context: TransitionContext,
): Transition {
  let current: Transition = { payment: newPayment(intent), emit: [] };
  const early: PaymentInput[] = [
    ...(signals?.inventoryReserved ? [{ type: 'inventory_reserved' } as const] : []),
    ...(signals?.orderCancelled ? [{ type: 'order_cancelled' } as const] : []),
  ];
  for (const input of early) {
    const step = transition(current.payment, input, context);
    current = { payment: step.payment, emit: [...current.emit, ...step.emit] };
  }
  return current;
}

export interface ClaimedAttempt {
  readonly operation: ProviderOperation;
  /** The payment as the worker leaves it while the call is out: leased until `leaseUntil`. */
  readonly payment: Payment;
}

/**
 * The worker takes a due payment: one more attempt, leased so that no other worker takes it
 * while the call is out (a worker that dies leaves it to be retried when the lease ends). When
 * the request will really leave (the circuit is not open), an authorization is marked as sent
 * BEFORE the call, so a cancel from then on voids rather than drops.
 */
export function claimAttempt(
  payment: Payment,
  context: { readonly now: Date; readonly leaseMs: number; readonly providerCalled: boolean },
): ClaimedAttempt | null {
  const operation = operationOf(payment);
  if (!operation || !payment.nextAttemptAt || payment.nextAttemptAt > context.now) return null;
  const sent = operation === 'authorize' && context.providerCalled;
  return {
    operation,
    payment: {
      ...payment,
      attemptCount: payment.attemptCount + 1,
      nextAttemptAt: new Date(context.now.getTime() + context.leaseMs),
      authorizationSentAt: sent ? (payment.authorizationSentAt ?? context.now) : payment.authorizationSentAt,
    },
  };
}

/** Whether the worker has a call to make right away (the transaction then wakes it). */
export const isDueNow = (payment: Payment, now: Date): boolean =>
  operationOf(payment) !== null && payment.nextAttemptAt !== null && payment.nextAttemptAt <= now;

/** The statuses with a provider call to make: what the worker looks for. */
export const workingStatuses: readonly PaymentStatus[] = (Object.keys(paymentStateMachine) as PaymentStatus[]).filter(
  (status) => paymentStateMachine[status].operation !== null,
);
