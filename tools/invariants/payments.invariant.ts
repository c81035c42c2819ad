import { count } from './databases.js';
import { queryByIds } from './batches.js';
import { listLimit, type InvariantFamily } from './context.js';
import { chargeableOrderStatuses, moneyHeldStatuses } from './payment-states.js';
import type { Violation } from './report.js';

interface HeldPayment {
  payment_id: string;
  order_id: string;
  status: string;
  amount_cents: number;
  settled: boolean;
}

/**
 * The payment service's books against the orders: an authorization or a capture belongs to a
 * confirmed order (a cancelled one is voided or refunded, a pending one is confirmed by it); an
 * order holds at most one of them (the unique order_id is the database's own guard, checked here
 * all the same); a refund gives back a capture, so a refunded payment was captured first.
 */
export const paymentsFamily: InvariantFamily = {
  id: 'payments',
  title: 'payments: money held only for confirmed orders, once per order, refunds within captures',
  async check({ db, options }) {
    const payments = db.of('payment-service');
    const byStatus = await payments.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM payments GROUP BY status ORDER BY status',
    );
    const held = await payments.query<HeldPayment>(
      `SELECT payment_id, order_id, status, amount_cents,
              updated_at < now() - make_interval(secs => $2::double precision) AS settled
         FROM payments WHERE status = ANY($1::text[])`,
      moneyHeldStatuses,
      options.settleSeconds,
    );
    const orders = await queryByIds<{ order_id: string; status: string }>(
      db.of('order-service'),
      'SELECT order_id, status FROM orders WHERE order_id = ANY($1::uuid[])',
      [...new Set(held.map((p) => p.order_id))],
    );
    const orderStatus = new Map(orders.map((o) => [o.order_id, o.status]));
    const violations: Violation[] = [];
    const orphans = held.filter((p) => p.settled && !chargeableOrderStatuses.has(orderStatus.get(p.order_id) ?? ''));
    for (const p of orphans.slice(0, listLimit)) {
      violations.push({
        rule: 'money_held_without_confirmed_order',
        subject: `payment ${p.payment_id} (order ${p.order_id})`,
        detail: `${p.status} ${p.amount_cents} cents, order ${orderStatus.get(p.order_id) ?? 'missing'}`,
      });
    }
    const perOrder = new Map<string, HeldPayment[]>();
    for (const p of held) perOrder.set(p.order_id, [...(perOrder.get(p.order_id) ?? []), p]);
    const twice = [...perOrder].filter(([, list]) => list.length > 1);
    for (const [orderId, list] of twice.slice(0, listLimit)) {
      violations.push({
        rule: 'order_charged_twice',
        subject: `order ${orderId}`,
        detail: list.map((p) => `payment ${p.payment_id} ${p.status} ${p.amount_cents} cents`).join('; '),
      });
    }
    const uncapturedRefunds = await payments.query<{ payment_id: string; order_id: string; amount_cents: number }>(
      `SELECT payment_id, order_id, amount_cents FROM payments
        WHERE status = 'refunded' AND captured_at IS NULL ORDER BY payment_id LIMIT ${listLimit}`,
    );
    for (const p of uncapturedRefunds) {
      violations.push({
        rule: 'refund_above_capture',
        subject: `payment ${p.payment_id} (order ${p.order_id})`,
        detail: `refunded ${p.amount_cents} cents of 0 captured (never captured)`,
      });
    }
    const attention = byStatus.find((r) => r.status === 'needs_attention');
    return {
      numbers: {
        payments_by_status: Object.fromEntries(byStatus.map((r) => [r.status, count(r.n)])),
        money_held_without_confirmed_order: orphans.length,
        orders_charged_twice: twice.length,
        refunds_without_capture: uncapturedRefunds.length,
      },
      violations,
      notes: attention
        ? [`${count(attention.n)} payment(s) need attention: the provider refused an operation; a person settles them`]
        : [],
    };
  },
};
