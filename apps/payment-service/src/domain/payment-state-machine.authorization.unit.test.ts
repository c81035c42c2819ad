import { describe, expect, it } from 'vitest';
import type { PaymentStatus } from './payment.js';
import {
  claimAttempt,
  isDueNow,
  operationOf,
  paymentStateMachine,
  recordIntent,
  transition,
} from './payment-state-machine.js';
import {
  approved,
  circuitOpen,
  context,
  declined,
  given,
  intent,
  later,
  now,
  result,
  timedOut,
} from './payment-state-machine.fixtures.js';

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

    it('given authorizing, when the provider approves, then it is authorized and PaymentAuthorized is emitted', () => {
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

    it('given authorizing, when the provider declines, it failed with the code and PaymentFailed is emitted', () => {
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
      'given authorizing after 3 attempts, when the call ends in $outcome, then it backs off and stays authorizing',
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

    it('given authorized, when a second worker brings the same approval, it is ignored (one PaymentAuthorized)', () => {
      const t = transition(given('authorized', { transactionId: 'txn_1' }), result('authorize', approved), context);
      expect(t.emit).toEqual([]);
      expect(t.ignored).toBeDefined();
    });
  });

  describe('capture', () => {
    it('given authorized, when the order ships, then capture is due and PaymentCaptured follows its success', () => {
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
