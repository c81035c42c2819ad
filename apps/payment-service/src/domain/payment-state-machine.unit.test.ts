import { describe, expect, it } from 'vitest';
import { newPayment, type Payment, type PaymentStatus } from './payment.js';
import type { ProviderOutcome } from './payment-provider.port.js';
import {
  claimAttempt,
  isDueNow,
  operationOf,
  paymentStateMachine,
  recordIntent,
  transition,
  type PaymentInput,
} from './payment-state-machine.js';

const now = new Date('2025-01-15T10:30:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const context = { now, retryDelayMs: (failed: number) => 100 * failed };

const intent = {
  paymentId: '00000000-0000-4000-8000-000000000001',
  orderId: '00000000-0000-4000-8000-000000000002',
  userId: '00000000-0000-4000-8000-000000000003',
  amountCents: 3405,
  currency: 'USD',
  paymentMethod: 'card',
  providerToken: 'tok_visa_4242',
};

const given = (status: PaymentStatus, fields: Partial<Payment> = {}): Payment => ({
  ...newPayment(intent),
  status,
  ...fields,
});

const approved: ProviderOutcome = {
  outcome: 'succeeded',
  transactionId: 'txn_1',
  methodDescription: 'Visa ending in 4242',
};
const declined: ProviderOutcome = { outcome: 'declined', code: 'card_declined', message: 'Your card was declined.' };
const timedOut: ProviderOutcome = { outcome: 'timeout', code: 'timeout', message: 'no answer in 2000 ms' };
const circuitOpen: ProviderOutcome = { outcome: 'circuit_open', code: 'circuit_open', message: 'Breaker is open' };
const result = (operation: 'authorize' | 'void' | 'capture' | 'refund', outcome: ProviderOutcome): PaymentInput => ({
  type: 'provider_result',
  operation,
  result: outcome,
});

describe('payment state machine', () => {
  describe('the table', () => {
    it('names the provider call of every working status, and none for the others', () => {
      const operations = Object.fromEntries(
        (Object.keys(paymentStateMachine) as PaymentStatus[]).map((s) => [s, operationOf(given(s))]),
      );
      expect(operations).toEqual({
        pending: null,
        authorizing: 'authorize',
        authorized: null,
        failed: null,
        cancelled: null,
        voiding: 'authorize',
        voided: null,
        capturing: 'capture',
        captured: null,
        refunding: 'refund',
        refunded: null,
        needs_attention: null,
      });
      expect(operationOf(given('voiding', { transactionId: 'txn_1' }))).toBe('void');
    });

    it('leaves terminal payments alone whatever arrives', () => {
      for (const status of ['failed', 'voided', 'refunded'] as const) {
        for (const input of [
          { type: 'order_cancelled' },
          { type: 'order_shipped' },
          { type: 'inventory_reserved' },
          result('authorize', approved),
        ] as const) {
          const t = transition(given(status), input, context);
          expect(t.ignored).toBeDefined();
          expect(t.payment).toEqual(given(status));
        }
      }
    });
  });

  describe('authorization', () => {
    it('given a pending intent, when the inventory is reserved, then authorization is due now', () => {
      const t = transition(given('pending', { attemptCount: 3 }), { type: 'inventory_reserved' }, context);
      expect(t.payment).toMatchObject({ status: 'authorizing', nextAttemptAt: now, attemptCount: 0 });
      expect(t.emit).toEqual([]);
    });

    it('given an authorizing payment, when the reservation is delivered again, then nothing changes', () => {
      const payment = given('authorizing', { nextAttemptAt: later(5000), attemptCount: 2 });
      const t = transition(payment, { type: 'inventory_reserved' }, context);
      expect(t.payment).toBe(payment);
      expect(t.ignored).toMatch(/does not apply/);
    });

    it('given an authorizing payment, when the provider approves, then it is authorized and PaymentAuthorized is emitted', () => {
      const t = transition(
        given('authorizing', { nextAttemptAt: later(5000) }),
        result('authorize', approved),
        context,
      );
      expect(t.payment).toMatchObject({
        status: 'authorized',
        transactionId: 'txn_1',
        methodDescription: 'Visa ending in 4242',
        authorizedAt: now,
        nextAttemptAt: null,
      });
      expect(t.emit).toEqual(['authorized']);
    });

    it('given an authorizing payment, when the provider declines, then it failed with the code and PaymentFailed is emitted', () => {
      const t = transition(given('authorizing'), result('authorize', declined), context);
      expect(t.payment).toMatchObject({
        status: 'failed',
        failureCode: 'card_declined',
        failureMessage: 'Your card was declined.',
        failedAt: now,
        nextAttemptAt: null,
      });
      expect(t.emit).toEqual(['failed']);
    });

    it.each([timedOut, { outcome: 'error', code: 'http_500', message: 'processing_error' } as const, circuitOpen])(
      'given an authorizing payment after 3 attempts, when the call ends in $outcome, then it backs off and stays authorizing',
      (outcome) => {
        const t = transition(given('authorizing', { attemptCount: 3 }), result('authorize', outcome), context);
        expect(t.payment).toMatchObject({
          status: 'authorizing',
          attemptCount: 3,
          nextAttemptAt: later(300),
          failureCode: null,
        });
        expect(t.emit).toEqual([]);
      },
    );

    it('given an authorized payment, when a second worker brings the same approval, then it is ignored (one PaymentAuthorized)', () => {
      const t = transition(given('authorized', { transactionId: 'txn_1' }), result('authorize', approved), context);
      expect(t.emit).toEqual([]);
      expect(t.ignored).toBeDefined();
    });
  });

  describe('cancellation (compensation)', () => {
    it('given a pending intent, when the order is cancelled, then the intent is dropped without a provider call', () => {
      const t = transition(given('pending'), { type: 'order_cancelled' }, context);
      expect(t.payment).toMatchObject({ status: 'cancelled', cancelledAt: now, nextAttemptAt: null });
      expect(operationOf(t.payment)).toBeNull();
      expect(t.emit).toEqual([]);
    });

    it('given an authorizing payment no request left for (circuit open), when the order is cancelled, then it is dropped', () => {
      const t = transition(
        given('authorizing', { attemptCount: 4, nextAttemptAt: later(900) }),
        { type: 'order_cancelled' },
        context,
      );
      expect(t.payment).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
    });

    it('given an authorizing payment whose request left, when the order is cancelled, then it must be voided and keeps its lease', () => {
      const t = transition(
        given('authorizing', { authorizationSentAt: now, attemptCount: 1, nextAttemptAt: later(5000) }),
        { type: 'order_cancelled' },
        context,
      );
      expect(t.payment).toMatchObject({ status: 'voiding', nextAttemptAt: later(5000), attemptCount: 1 });
      expect(operationOf(t.payment)).toBe('authorize');
    });

    it('given a voiding payment without a transaction, when the authorization in flight completes, then its transaction is voided next', () => {
      const t = transition(given('voiding', { authorizationSentAt: now }), result('authorize', approved), context);
      expect(t.payment).toMatchObject({
        status: 'voiding',
        transactionId: 'txn_1',
        nextAttemptAt: now,
        attemptCount: 0,
      });
      expect(operationOf(t.payment)).toBe('void');
      expect(t.emit).toEqual([]);
    });

    it('given a voiding payment without a transaction, when the provider declines, then nothing was charged and it is cancelled', () => {
      const t = transition(given('voiding', { authorizationSentAt: now }), result('authorize', declined), context);
      expect(t.payment).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
      expect(t.emit).toEqual([]);
    });

    it('given a cancelled payment, when an authorization completes after the cancel, then it is voided', () => {
      const t = transition(given('cancelled'), result('authorize', approved), context);
      expect(t.payment).toMatchObject({ status: 'voiding', transactionId: 'txn_1', nextAttemptAt: now });
    });

    it('given an authorized payment, when the order is cancelled, then the authorization is voided and PaymentVoided is emitted', () => {
      const cancelled = transition(
        given('authorized', { transactionId: 'txn_1' }),
        { type: 'order_cancelled' },
        context,
      );
      expect(cancelled.payment).toMatchObject({ status: 'voiding', nextAttemptAt: now });
      const failed = transition({ ...cancelled.payment, attemptCount: 1 }, result('void', timedOut), context);
      expect(failed.payment).toMatchObject({ status: 'voiding', nextAttemptAt: later(100) });
      const voided = transition(
        failed.payment,
        result('void', { outcome: 'succeeded', transactionId: 'txn_1' }),
        context,
      );
      expect(voided.payment).toMatchObject({ status: 'voided', voidedAt: now, nextAttemptAt: null });
      expect(voided.emit).toEqual(['voided']);
    });

    it('given a captured payment, when the order is cancelled, then it is refunded and PaymentRefunded is emitted', () => {
      const cancelled = transition(given('captured', { transactionId: 'txn_1' }), { type: 'order_cancelled' }, context);
      expect(cancelled.payment).toMatchObject({ status: 'refunding', nextAttemptAt: now });
      const refunded = transition(
        cancelled.payment,
        result('refund', { outcome: 'succeeded', transactionId: 'txn_1' }),
        context,
      );
      expect(refunded.payment).toMatchObject({ status: 'refunded', refundedAt: now });
      expect(refunded.emit).toEqual(['refunded']);
    });

    it('given a capture under way, when the order is cancelled, then the capture completes and is refunded', () => {
      const capturing = given('capturing', { transactionId: 'txn_1', nextAttemptAt: later(2000), attemptCount: 1 });
      const cancelled = transition(capturing, { type: 'order_cancelled' }, context);
      expect(cancelled.payment).toMatchObject({
        status: 'capturing',
        cancelRequestedAt: now,
        nextAttemptAt: later(2000),
        attemptCount: 1,
      });
      const captured = transition(
        cancelled.payment,
        result('capture', { outcome: 'succeeded', transactionId: 'txn_1' }),
        context,
      );
      expect(captured.payment).toMatchObject({ status: 'refunding', nextAttemptAt: now });
      expect(captured.emit).toEqual(['captured']);
    });

    it('given a failed payment, when the order is cancelled for it, then nothing happens', () => {
      expect(transition(given('failed'), { type: 'order_cancelled' }, context).emit).toEqual([]);
    });
  });

  describe('capture', () => {
    it('given an authorized payment, when the order ships, then capture is due and PaymentCaptured follows its success', () => {
      const shipped = transition(given('authorized', { transactionId: 'txn_1' }), { type: 'order_shipped' }, context);
      expect(shipped.payment).toMatchObject({ status: 'capturing', nextAttemptAt: now });
      const captured = transition(
        shipped.payment,
        result('capture', { outcome: 'succeeded', transactionId: 'txn_1' }),
        context,
      );
      expect(captured.payment).toMatchObject({ status: 'captured', capturedAt: now, nextAttemptAt: null });
      expect(captured.emit).toEqual(['captured']);
    });

    it('given a capturing payment, when an authorization result arrives, then it is ignored', () => {
      const t = transition(given('capturing', { transactionId: 'txn_1' }), result('authorize', approved), context);
      expect(t.ignored).toMatch(/does not apply/);
    });
  });

  describe('a refusal for good (needs attention)', () => {
    const refusal: ProviderOutcome = {
      outcome: 'declined',
      code: 'invalid_state',
      message: 'Cannot void this authorization',
    };

    it('given a void, capture or refund under way, when the provider refuses it, then the payment waits for a person with the reason and no work', () => {
      for (const [status, operation] of [
        ['voiding', 'void'],
        ['capturing', 'capture'],
        ['refunding', 'refund'],
      ] as const) {
        const t = transition(
          given(status, { transactionId: 'txn_1', nextAttemptAt: later(10), attemptCount: 1 }),
          result(operation, refusal),
          context,
        );
        expect(t.ignored).toBeUndefined();
        expect(t.payment).toMatchObject({
          status: 'needs_attention',
          failureCode: 'invalid_state',
          failureMessage: 'Cannot void this authorization',
          nextAttemptAt: null,
        });
        expect(t.emit).toEqual([]);
      }
    });

    it('given a void under way, when the provider fails transiently, then it is retried as before (not parked)', () => {
      const t = transition(
        given('voiding', { transactionId: 'txn_1', attemptCount: 1 }),
        result('void', timedOut),
        context,
      );
      expect(t.payment).toMatchObject({ status: 'voiding', nextAttemptAt: later(100) });
    });

    it('given a payment needing attention, when results or saga events arrive, then nothing is scheduled; a cancel is kept for the person', () => {
      const parked = given('needs_attention', { transactionId: 'txn_1', failureCode: 'invalid_state' });
      for (const input of [
        result('void', approved),
        result('capture', approved),
        { type: 'order_shipped' },
        { type: 'inventory_reserved' },
      ] as const) {
        expect(transition(parked, input, context).ignored).toBeDefined();
      }
      const cancelled = transition(parked, { type: 'order_cancelled' }, context);
      expect(cancelled.payment).toMatchObject({
        status: 'needs_attention',
        cancelRequestedAt: now,
        nextAttemptAt: null,
        failureCode: 'invalid_state',
      });
      expect(operationOf(cancelled.payment)).toBeNull();
    });
  });

  describe('stale results', () => {
    it('given a void already under way, when a replayed authorization answers again, then it is ignored', () => {
      const payment = given('voiding', { transactionId: 'txn_1', nextAttemptAt: later(10) });
      const t = transition(payment, result('authorize', approved), context);
      expect(t.ignored).toMatch(/stale authorize result: the payment now needs void/);
      expect(t.payment).toBe(payment);
    });
  });

  describe('recording the intent (OrderPlaced)', () => {
    it('given no earlier signal, then the intent waits pending', () => {
      const t = recordIntent(intent, null, context);
      expect(t.payment).toMatchObject({ status: 'pending', nextAttemptAt: null, amountCents: 3405 });
    });

    it('given the reservation arrived first, then authorization is due at once', () => {
      expect(recordIntent(intent, { inventoryReserved: true, orderCancelled: false }, context).payment).toMatchObject({
        status: 'authorizing',
        nextAttemptAt: now,
      });
    });

    it('given the order was already cancelled, then the intent is recorded as cancelled', () => {
      expect(recordIntent(intent, { inventoryReserved: true, orderCancelled: true }, context).payment).toMatchObject({
        status: 'cancelled',
      });
    });
  });

  describe('claiming an attempt', () => {
    it('given a due authorization, when a worker claims it, then it is leased and marked sent before the call', () => {
      const claimed = claimAttempt(given('authorizing', { nextAttemptAt: now }), {
        now,
        leaseMs: 5000,
        providerCalled: true,
      });
      expect(claimed).toMatchObject({
        operation: 'authorize',
        payment: { attemptCount: 1, nextAttemptAt: later(5000), authorizationSentAt: now },
      });
    });

    it('given the circuit is open, when a worker defers it, then no authorization is marked sent', () => {
      const claimed = claimAttempt(given('authorizing', { nextAttemptAt: now }), {
        now,
        leaseMs: 5000,
        providerCalled: false,
      });
      expect(claimed?.payment.authorizationSentAt).toBeNull();
    });

    it('given a payment not yet due or with nothing to do, then there is nothing to claim', () => {
      expect(
        claimAttempt(given('authorizing', { nextAttemptAt: later(1) }), { now, leaseMs: 5000, providerCalled: true }),
      ).toBeNull();
      expect(
        claimAttempt(given('authorized', { nextAttemptAt: now }), { now, leaseMs: 5000, providerCalled: true }),
      ).toBeNull();
      expect(isDueNow(given('capturing', { nextAttemptAt: now }), now)).toBe(true);
      expect(isDueNow(given('captured', { nextAttemptAt: now }), now)).toBe(false);
    });
  });
});
