import { queryByIds } from './batches.js';
import { listLimit, type InvariantFamily } from './context.js';
import { paymentIdOf, readLedger, type LedgerAuthorization } from './ledger-client.js';
import { chargeableOrderStatuses } from './payment-states.js';
import type { Violation } from './report.js';

interface PaymentRow {
  payment_id: string;
  order_id: string;
  status: string;
}

const describe = (a: LedgerAuthorization) =>
  `${a.transactionId} ${a.status}: authorized ${a.authorizedCents}, captured ${a.capturedCents}, ` +
  `refunded ${a.refundedCents} cents`;

/**
 * The provider's ledger against the payments and the orders: money the provider holds (an open
 * authorization, a capture not refunded) belongs to a payment of a confirmed order; an order has
 * at most one such authorization and it is captured at most once; no refund exceeds its capture.
 * The provider is the one who moves the money, so this is the check that counts.
 */
export const ledgerFamily: InvariantFamily = {
  id: 'ledger',
  title: "provider's ledger: money held only for confirmed orders, once per order, refunds within captures",
  async check({ db, options }) {
    const ledger = await readLedger(options.providerUrl);
    const paymentIds = [...new Set(ledger.map(paymentIdOf).filter((id) => id !== undefined))];
    const payments = await queryByIds<PaymentRow>(
      db.of('payment-service'),
      'SELECT payment_id, order_id, status FROM payments WHERE payment_id = ANY($1::uuid[])',
      paymentIds,
    );
    const paymentById = new Map(payments.map((p) => [p.payment_id, p]));
    const orders = await queryByIds<{ order_id: string; status: string }>(
      db.of('order-service'),
      'SELECT order_id, status FROM orders WHERE order_id = ANY($1::uuid[])',
      [...new Set(payments.map((p) => p.order_id))],
    );
    const orderStatus = new Map(orders.map((o) => [o.order_id, o.status]));
    const settledBefore = Date.now() - options.settleSeconds * 1000;
    const violations: Violation[] = [];
    const holding = ledger.filter((a) => a.heldCents > 0);
    const perOrder = new Map<string, LedgerAuthorization[]>();
    let orphans = 0;
    for (const a of holding) {
      const payment = paymentById.get(paymentIdOf(a) ?? '');
      if (payment) perOrder.set(payment.order_id, [...(perOrder.get(payment.order_id) ?? []), a]);
      const order = payment ? orderStatus.get(payment.order_id) : undefined;
      const settled = a.changedAt === undefined || a.changedAt.getTime() < settledBefore;
      if (!settled || (order !== undefined && chargeableOrderStatuses.has(order))) continue;
      orphans++;
      const whose = payment
        ? `payment ${payment.payment_id} ${payment.status}, order ${order ?? 'missing'}`
        : 'no payment';
      if (orphans <= listLimit) {
        violations.push({
          rule: 'ledger_money_without_confirmed_order',
          subject: `authorization ${a.transactionId} (key ${a.idempotencyKey})`,
          detail: `holds ${a.heldCents} cents; ${whose}`,
        });
      }
    }
    const twice = [...perOrder].filter(([, list]) => list.length > 1);
    for (const [orderId, list] of twice.slice(0, listLimit)) {
      violations.push({
        rule: 'order_charged_twice',
        subject: `order ${orderId}`,
        detail: list.map(describe).join('; '),
      });
    }
    const recaptured = ledger.filter((a) => a.captures > 1 || a.capturedCents > a.authorizedCents);
    for (const a of recaptured.slice(0, listLimit)) {
      violations.push({
        rule: 'order_charged_twice',
        subject: `authorization ${a.transactionId}`,
        detail: `${a.captures} captures; ${describe(a)}`,
      });
    }
    const overRefunded = ledger.filter((a) => a.refundedCents > a.capturedCents);
    for (const a of overRefunded.slice(0, listLimit)) {
      violations.push({
        rule: 'refund_above_capture',
        subject: `authorization ${a.transactionId}`,
        detail: describe(a),
      });
    }
    return {
      numbers: {
        authorizations: ledger.length,
        holding_money: holding.length,
        held_cents: holding.reduce((sum, a) => sum + a.heldCents, 0),
        without_confirmed_order: orphans,
        orders_charged_twice: twice.length + recaptured.length,
        refunds_above_capture: overRefunded.length,
      },
      violations,
      notes: [],
    };
  },
};
