import { recordAudit, type OutboxWriter, type RequestAudit } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Transition } from '../domain/decide.js';
import type { Actor } from '../domain/order-status.js';

export interface TransitionAudit extends RequestAudit {
  /** Who the state machine saw acting. */
  readonly as: Actor;
  /** What the caller wrote when cancelling, if anything. */
  readonly note?: string | undefined;
}

/**
 * Puts a transition someone asked for over HTTP on the audit trail, in the transition's own
 * transaction: a cancellation (by whom, why) or a fulfilment step (from, to, shipment).
 */
export function auditTransition(
  tx: Sql,
  outbox: OutboxWriter,
  orderId: string,
  decision: Transition,
  audit: TransitionAudit,
) {
  const { as, note, ...context } = audit;
  const target = { type: 'order', id: orderId } as const;
  if (decision.to === 'cancelled') {
    return recordAudit(outbox, tx, {
      ...context,
      action: 'order.cancelled',
      target,
      details: {
        from: decision.from,
        reason: decision.cancellationReason,
        cancelled_by: as,
        ...(note ? { note } : {}),
      },
    });
  }
  return recordAudit(outbox, tx, {
    ...context,
    action: 'order.status_changed',
    target,
    details: {
      from: decision.from,
      to: decision.to,
      changed_by: as,
      ...(decision.shipment
        ? { carrier: decision.shipment.carrier, tracking_number: decision.shipment.trackingNumber }
        : {}),
    },
  });
}
