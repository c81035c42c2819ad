import { type Caller } from '@shop/http';
import { DomainError } from '@shop/contracts';
import type { Order } from '../domain/order.js';
import type { OrderCommand } from '../domain/order-status.js';
import { transitionOrder } from './apply-transition.js';
import { auditTransition, type TransitionAudit } from './audit-transition.js';
import { getOrder } from './get-order.js';
import type { OrderDeps } from './order-deps.js';

export interface RequestedTransition {
  readonly orderId: string;
  readonly command: OrderCommand;
  /** Who asked, through which request: put on the audit trail with the transition. */
  readonly audit: TransitionAudit & { readonly actor: Caller };
}

/**
 * A transition someone asked for over HTTP (a cancellation, a fulfilment step): applied and
 * audited in one transaction, or refused with nothing written; then the order as it now stands.
 */
export async function requestTransition(deps: OrderDeps, request: RequestedTransition): Promise<Order> {
  const { orderId, command, audit } = request;
  const { persistence } = deps;
  await getOrder(persistence.autocommit.orders, audit.actor, orderId);
  const decision = await persistence.transactions(async (tx) => {
    const decided = await transitionOrder(persistence.on(tx).orders, deps.transitions, orderId, command);
    if (decided.ok) await auditTransition(tx, deps.transitions.outbox, orderId, decided.value, audit);
    return decided;
  });
  if (!decision.ok) throw new DomainError(decision.error.code, decision.error.message, { order_id: orderId });
  return getOrder(persistence.autocommit.orders, audit.actor, orderId);
}
