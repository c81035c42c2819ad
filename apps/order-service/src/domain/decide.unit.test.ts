import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { transitions, type OrderCommand, type OrderStatus } from './order-status.js';

const policy = { cancellationWindowMs: 60 * 60 * 1000 };
const now = new Date('2026-01-01T12:00:00Z');
const placed = (status: OrderStatus, minutesAgo = 1) => ({
  orderId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  status,
  createdAt: new Date(now.getTime() - minutesAgo * 60_000),
  totalCents: 1299,
  currency: 'USD',
});

const statuses: OrderStatus[] = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'];
const commands: OrderCommand[] = [
  { type: 'confirm' },
  { type: 'cancel', reason: 'support_request', actor: 'admin' },
  { type: 'start_processing', actor: 'admin' },
  { type: 'ship', actor: 'admin', carrier: 'UPS', trackingNumber: '1Z' },
  { type: 'deliver', actor: 'admin' },
];

describe('order state machine', () => {
  it("allows exactly the transitions of the table of the order's life", () => {
    const allowed: string[] = [];
    for (const status of statuses) {
      for (const command of commands) {
        const decision = decide(placed(status), command, now, policy);
        if (decision.ok) allowed.push(`${status} -${command.type}-> ${decision.value.to}`);
        else expect(decision.error.code).toBe('INVALID_STATE_TRANSITION');
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'pending -confirm-> confirmed',
        'pending -cancel-> cancelled',
        'confirmed -start_processing-> processing',
        'confirmed -cancel-> cancelled',
        'processing -ship-> shipped',
        'processing -cancel-> cancelled',
        'shipped -deliver-> delivered',
        'shipped -cancel-> cancelled',
      ].sort(),
    );
    expect(transitions).toHaveLength(8);
  });

  it('never moves a delivered or cancelled order', () => {
    for (const status of ['delivered', 'cancelled'] as const) {
      for (const command of commands) expect(decide(placed(status), command, now, policy).ok).toBe(false);
    }
  });

  it('lets a customer cancel before shipping only, and a confirmed order only within the window', () => {
    const byCustomer: OrderCommand = { type: 'cancel', reason: 'customer_request', actor: 'customer' };
    expect(decide(placed('pending'), byCustomer, now, policy)).toMatchObject({
      ok: true,
      value: { to: 'cancelled', cancellationReason: 'customer_request' },
    });
    expect(decide(placed('confirmed', 59), byCustomer, now, policy)).toMatchObject({ ok: true });
    expect(decide(placed('confirmed', 61), byCustomer, now, policy)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
    expect(decide(placed('processing'), byCustomer, now, policy)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(decide(placed('shipped'), byCustomer, now, policy)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('leaves fulfilment to support and admin', () => {
    expect(decide(placed('confirmed'), { type: 'start_processing', actor: 'customer' }, now, policy)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(decide(placed('confirmed'), { type: 'start_processing', actor: 'support' }, now, policy)).toMatchObject({
      ok: true,
      value: { to: 'processing' },
    });
    expect(
      decide(
        placed('processing'),
        { type: 'ship', actor: 'support', carrier: 'UPS', trackingNumber: '1Z9' },
        now,
        policy,
      ),
    ).toMatchObject({
      ok: true,
      value: { shipment: { carrier: 'UPS', trackingNumber: '1Z9' } },
    });
  });
});
