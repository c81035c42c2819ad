import type { Actor, CancellationReason, OrderCommand, OrderStatus } from './order-status.js';
import { transitions } from './order-status.js';

export interface OrderState {
  readonly status: OrderStatus;
  readonly createdAt: Date;
}

export interface Policy {
  /** How long after placing it a customer may still cancel a confirmed order. */
  readonly cancellationWindowMs: number;
}

export type Decision =
  | {
      readonly ok: true;
      readonly from: OrderStatus;
      readonly to: OrderStatus;
      readonly cancellationReason?: CancellationReason;
      readonly shipment?: { carrier: string; trackingNumber: string };
    }
  | { readonly ok: false; readonly code: 'INVALID_STATE_TRANSITION' | 'FORBIDDEN'; readonly message: string };

/**
 * The order state machine: given the order, a command and the time, the next status or a refusal.
 * Pure: no I/O, time comes in as an argument. Every write of an order status goes through here.
 */
export function decide(order: OrderState, command: OrderCommand, now: Date, policy: Policy): Decision {
  const transition = transitions.find((t) => t.from === order.status && t.command === command.type);
  if (!transition) {
    return { ok: false, code: 'INVALID_STATE_TRANSITION', message: `Cannot ${command.type.replace('_', ' ')} an order that is ${order.status}` };
  }
  const actor: Actor = command.type === 'confirm' ? 'saga' : command.actor;
  if (!transition.actors.includes(actor)) {
    return { ok: false, code: 'FORBIDDEN', message: `A ${actor} cannot ${command.type.replace('_', ' ')} an order that is ${order.status}` };
  }
  if (command.type === 'cancel' && actor === 'customer' && order.status === 'confirmed') {
    const age = now.getTime() - order.createdAt.getTime();
    if (age > policy.cancellationWindowMs) {
      return { ok: false, code: 'INVALID_STATE_TRANSITION', message: 'The cancellation window for this order has closed' };
    }
  }
  return {
    ok: true,
    from: order.status,
    to: transition.to,
    ...(command.type === 'cancel' ? { cancellationReason: command.reason } : {}),
    ...(command.type === 'ship' ? { shipment: { carrier: command.carrier, trackingNumber: command.trackingNumber } } : {}),
  };
}
