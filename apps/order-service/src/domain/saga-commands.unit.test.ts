import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { OrderStatus } from './order-status.js';
import { reactTo, type SagaSignal } from './saga.js';

const statuses: OrderStatus[] = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'];
const signals: SagaSignal['type'][] = [
  'payment_authorized',
  'payment_failed',
  'reservation_failed',
  'reservation_expired',
];
const now = new Date('2026-01-01T12:00:00Z');
const order = (status: OrderStatus) => ({
  orderId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  status,
  createdAt: new Date(now.getTime() - 24 * 3_600_000),
  totalCents: 1299,
  currency: 'USD',
});

// The saga names a command only where the state machine takes it, so today a saga event is
// either applied or changes nothing; saga_events_refused_total counts the day the two drift apart.
describe('the saga and the order state machine agree', () => {
  it.each(signals.flatMap((signal) => statuses.map((status) => [signal, status] as const)))(
    'given %s when the order is %s then the command named, if any, is accepted',
    (signal, status) => {
      const command = reactTo({ type: signal }, status);
      const decision = command && decide(order(status), command, now, { cancellationWindowMs: 0 });
      expect(decision === null || decision.ok).toBe(true);
    },
  );
});
