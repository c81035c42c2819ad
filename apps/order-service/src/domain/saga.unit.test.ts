import { describe, expect, it } from 'vitest';
import { reactTo, type SagaSignal } from './saga.js';
import type { OrderStatus } from './order-status.js';

const cases: [SagaSignal['type'], OrderStatus, ReturnType<typeof reactTo>][] = [
  ['payment_authorized', 'pending', { type: 'confirm' }],
  ['payment_authorized', 'cancelled', null],
  ['payment_authorized', 'confirmed', null],
  ['payment_failed', 'pending', { type: 'cancel', reason: 'payment_failed', actor: 'saga' }],
  ['payment_failed', 'cancelled', null],
  ['reservation_failed', 'pending', { type: 'cancel', reason: 'insufficient_inventory', actor: 'saga' }],
  ['reservation_failed', 'confirmed', { type: 'cancel', reason: 'insufficient_inventory', actor: 'saga' }],
  ['reservation_failed', 'shipped', null],
  ['reservation_expired', 'pending', { type: 'cancel', reason: 'reservation_expired', actor: 'saga' }],
  ['reservation_expired', 'confirmed', null],
];

describe('the order saga reacts to', () => {
  it.each(cases)('given %s when the order is %s then %j', (signal, status, expected) => {
    expect(reactTo({ type: signal }, status)).toEqual(expected);
  });
});
