import { accept, OrderEvents, refuse, type Decision } from '@shop/contracts';
import type { OrderState } from './order.js';
import type { OrderEvent } from './order-events.js';
import type { Actor, CancellationReason, OrderCommand, OrderStatus } from './order-status.js';
import { transitions } from './order-status.js';

export interface Policy {
  /** How long after placing it a customer may still cancel a confirmed order. */
  readonly cancellationWindowMs: number;
}

/** An accepted command: where the order goes, what it records there, and the event it emits. */
export interface Transition {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly cancellationReason?: CancellationReason;
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string };
  readonly event: OrderEvent;
}

/**
 * The order state machine: given the order, a command and the time, the next status and its event,
 * or a refusal. Pure: no I/O, time comes in as an argument. Every write of an order status goes
 * through here.
 */
export function decide(order: OrderState, command: OrderCommand, now: Date, policy: Policy): Decision<Transition> {
  const transition = transitions.find((t) => t.from === order.status && t.command === command.type);
  const action = command.type.replace('_', ' ');
  if (!transition) {
    return refuse('INVALID_STATE_TRANSITION', `Cannot ${action} an order that is ${order.status}`);
  }
  const actor: Actor = command.type === 'confirm' ? 'saga' : command.actor;
  if (!transition.actors.includes(actor)) {
    return refuse('FORBIDDEN', `A ${actor} cannot ${action} an order that is ${order.status}`);
  }
  if (command.type === 'cancel' && actor === 'customer' && order.status === 'confirmed') {
    const age = now.getTime() - order.createdAt.getTime();
    if (age > policy.cancellationWindowMs) {
      return refuse('INVALID_STATE_TRANSITION', 'The cancellation window for this order has closed');
    }
  }
  const cancellationReason = command.type === 'cancel' ? command.reason : undefined;
  const shipment =
    command.type === 'ship' ? { carrier: command.carrier, trackingNumber: command.trackingNumber } : undefined;
  return accept({
    from: order.status,
    to: transition.to,
    ...(cancellationReason ? { cancellationReason } : {}),
    ...(shipment ? { shipment } : {}),
    event: transitionEvent(order, transition.to, cancellationReason, shipment),
  });
}

/** The event a transition emits: OrderConfirmed, OrderCancelled (compensation), or OrderStatusChanged. */
function transitionEvent(
  order: OrderState,
  to: OrderStatus,
  reason: CancellationReason | undefined,
  shipment: Transition['shipment'],
): OrderEvent {
  const { orderId, userId } = order;
  if (to === 'confirmed') {
    return {
      definition: OrderEvents.OrderConfirmed,
      data: { order_id: orderId, user_id: userId, total_cents: order.totalCents, currency: order.currency },
    };
  }
  if (to === 'cancelled' && reason) {
    return {
      definition: OrderEvents.OrderCancelled,
      data: { order_id: orderId, user_id: userId, previous_status: order.status, reason },
    };
  }
  return {
    definition: OrderEvents.OrderStatusChanged,
    data: {
      order_id: orderId,
      user_id: userId,
      from: order.status,
      to,
      ...(shipment ? { carrier: shipment.carrier, tracking_number: shipment.trackingNumber } : {}),
    },
  };
}
