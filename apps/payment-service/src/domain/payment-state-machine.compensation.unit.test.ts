import { describe, expect, it } from 'vitest';
import type { ProviderOutcome } from './payment-provider.port.js';
import { operationOf, transition } from './payment-state-machine.js';
import { approved, context, declined, given, later, now, result, timedOut } from './payment-state-machine.fixtures.js';

describe('payment state machine', () => {
  describe('cancellation (compensation)', () => {
    it('given a pending intent, when the order is cancelled, then it is dropped without a provider call', () => {
      const t = transition(given('pending'), { type: 'order_cancelled' }, context);
      expect(t.payment).toMatchObject({ status: 'cancelled', cancelledAt: now, nextAttemptAt: null });
      expect(operationOf(t.payment)).toBeNull();
      expect(t.emit).toEqual([]);
    });

    it('given authorizing, no request sent (circuit open), when the order is cancelled, then it is dropped', () => {
      const t = transition(
        given('authorizing', { attemptCount: 4, nextAttemptAt: later(900) }),
        { type: 'order_cancelled' },
        context,
      );
      expect(t.payment).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
    });

    it('given authorizing, request sent, when the order is cancelled, it must be voided and keeps its lease', () => {
      const t = transition(
        given('authorizing', { authorizationSentAt: now, attemptCount: 1, nextAttemptAt: later(5000) }),
        { type: 'order_cancelled' },
        context,
      );
      expect(t.payment).toMatchObject({ status: 'voiding', nextAttemptAt: later(5000), attemptCount: 1 });
      expect(operationOf(t.payment)).toBe('authorize');
    });

    it('given voiding, no transaction, when the sent authorization completes, its transaction is voided next', () => {
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

    it('given voiding, no transaction, when the provider declines, nothing was charged and it is cancelled', () => {
      const t = transition(given('voiding', { authorizationSentAt: now }), result('authorize', declined), context);
      expect(t.payment).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
      expect(t.emit).toEqual([]);
    });

    it('given a cancelled payment, when an authorization completes after the cancel, then it is voided', () => {
      const t = transition(given('cancelled'), result('authorize', approved), context);
      expect(t.payment).toMatchObject({ status: 'voiding', transactionId: 'txn_1', nextAttemptAt: now });
    });

    it('given authorized, when the order is cancelled, its authorization is voided and PaymentVoided emitted', () => {
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

    it('given captured, when the order is cancelled, then it is refunded and PaymentRefunded is emitted', () => {
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

  describe('a refusal for good (needs attention)', () => {
    const refusal: ProviderOutcome = {
      outcome: 'declined',
      code: 'invalid_state',
      message: 'Cannot void this authorization',
    };

    it('given a void, capture or refund under way, if refused, it waits for a person with the reason, no work', () => {
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

    it('given needs_attention, results or saga events schedule nothing; a cancel is kept for the person', () => {
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
});
