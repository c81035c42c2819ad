import { count } from './databases.js';
import { queryByIds } from './batches.js';
import { listLimit, type InvariantFamily } from './context.js';
import type { Violation } from './report.js';

interface ProductRow {
  product_id: string;
  sku: string;
  stock_on_hand: number;
  reserved: number;
  held: number;
}

const settled = 'make_interval(secs => $1::double precision)';

/**
 * Per product (inventory's schema): stock_on_hand counts the units on the shelf, `reserved` the
 * ones held for orders not yet confirmed. So: 0 ≤ reserved ≤ stock_on_hand (never oversold),
 * reserved = Σ quantity of its `held` reservations (a confirmation moves a line to `committed` and
 * takes it off both counters; a release or an expiry takes it off `reserved`), and no hold outlives
 * its expiry by more than the settle period (the sweeper releases it). Across services: a
 * cancelled order keeps no held or committed line (the cancel gave the stock back).
 */
export const stockFamily: InvariantFamily = {
  id: 'stock',
  title: 'stock: never negative, never oversold, holds add up to reserved',
  async check({ db, options }) {
    const inventory = db.of('inventory-service');
    const [totals] = await inventory.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM products) AS products,
              (SELECT coalesce(sum(stock_on_hand), 0) FROM products) AS stock_on_hand,
              (SELECT coalesce(sum(reserved), 0) FROM products) AS reserved,
              (SELECT coalesce(sum(quantity), 0) FROM reservations WHERE status = 'held') AS held,
              (SELECT coalesce(sum(quantity), 0) FROM reservations WHERE status = 'committed') AS committed`,
    );
    const broken = await inventory.query<ProductRow>(
      `SELECT p.product_id, p.sku, p.stock_on_hand, p.reserved, coalesce(h.held, 0)::int AS held
         FROM products p
         LEFT JOIN (SELECT product_id, sum(quantity) AS held FROM reservations WHERE status = 'held'
                     GROUP BY product_id) h USING (product_id)
        WHERE p.stock_on_hand < 0 OR p.reserved < 0 OR p.reserved > p.stock_on_hand
           OR p.reserved <> coalesce(h.held, 0)
        ORDER BY p.product_id LIMIT ${listLimit}`,
    );
    const violations: Violation[] = [];
    for (const p of broken) {
      const subject = `product ${p.product_id} (${p.sku})`;
      const numbers = `on_hand ${p.stock_on_hand}, reserved ${p.reserved}, held ${p.held}`;
      if (p.stock_on_hand < 0 || p.reserved < 0) violations.push({ rule: 'negative_stock', subject, detail: numbers });
      if (p.reserved > p.stock_on_hand) violations.push({ rule: 'oversold', subject, detail: numbers });
      if (p.reserved !== p.held) violations.push({ rule: 'holds_not_reserved', subject, detail: numbers });
    }
    const overdue = await inventory.query<{ order_id: string; product_id: string; quantity: number }>(
      `SELECT order_id, product_id, quantity FROM reservations
        WHERE status = 'held' AND expires_at < now() - ${settled} ORDER BY expires_at LIMIT ${listLimit}`,
      options.settleSeconds,
    );
    for (const r of overdue) {
      violations.push({
        rule: 'hold_past_expiry',
        subject: `order ${r.order_id}, product ${r.product_id}`,
        detail: `${r.quantity} held after its expiry`,
      });
    }
    const cancelled = await db
      .of('order-service')
      .query<{ order_id: string }>(
        `SELECT order_id FROM orders WHERE status = 'cancelled' AND cancelled_at < now() - ${settled}`,
        options.settleSeconds,
      );
    const keptForCancelled = await queryByIds<{
      order_id: string;
      product_id: string;
      quantity: number;
      status: string;
    }>(
      inventory,
      `SELECT order_id, product_id, quantity, status FROM reservations
        WHERE order_id = ANY($1::uuid[]) AND status IN ('held', 'committed')`,
      cancelled.map((o) => o.order_id),
    );
    for (const r of keptForCancelled.slice(0, listLimit)) {
      violations.push({
        rule: 'stock_kept_for_cancelled_order',
        subject: `order ${r.order_id}, product ${r.product_id}`,
        detail: `${r.quantity} still ${r.status} after the order was cancelled`,
      });
    }
    return {
      numbers: {
        products: count(totals?.products),
        stock_on_hand: count(totals?.stock_on_hand),
        reserved: count(totals?.reserved),
        held_quantity: count(totals?.held),
        committed_quantity: count(totals?.committed),
        products_broken: broken.length,
        holds_past_expiry: overdue.length,
        lines_kept_for_cancelled_orders: keptForCancelled.length,
      },
      violations,
      notes: [],
    };
  },
};
