import { count } from './databases.js';
import { listLimit, type InvariantFamily } from './context.js';
import type { Violation } from './report.js';

/**
 * Every order reaches the saga's outcome (confirmed or cancelled) within the saga timeout: a hold
 * lives RESERVATION_TTL_SECONDS, then inventory's sweeper expires it and the order is cancelled.
 * An order still pending after the timeout (plus the settle period) is a saga that stopped.
 */
export const ordersFamily: InvariantFamily = {
  id: 'orders',
  title: 'orders reach the saga outcome within the saga timeout',
  async check({ db, options }) {
    const orders = db.of('order-service');
    const byStatus = await orders.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status',
    );
    const limitSeconds = options.sagaTimeoutSeconds + options.settleSeconds;
    const stuckWhere = `status = 'pending' AND created_at < now() - make_interval(secs => $1::double precision)`;
    const [stuckCount] = await orders.query<{ n: string }>(
      `SELECT count(*) AS n FROM orders WHERE ${stuckWhere}`,
      limitSeconds,
    );
    const stuck = await orders.query<{ order_id: string; age_seconds: number }>(
      `SELECT order_id, floor(extract(epoch FROM now() - created_at))::int AS age_seconds
         FROM orders WHERE ${stuckWhere} ORDER BY created_at LIMIT ${listLimit}`,
      limitSeconds,
    );
    const violations: Violation[] = stuck.map((o) => ({
      rule: 'pending_after_saga_timeout',
      subject: `order ${o.order_id}`,
      detail: `pending for ${o.age_seconds} s (limit ${limitSeconds} s: the saga timeout and the settle period)`,
    }));
    return {
      numbers: {
        orders_by_status: Object.fromEntries(byStatus.map((r) => [r.status, count(r.n)])),
        saga_timeout_seconds: options.sagaTimeoutSeconds,
        pending_after_saga_timeout: count(stuckCount?.n),
      },
      violations,
      notes: [],
    };
  },
};
