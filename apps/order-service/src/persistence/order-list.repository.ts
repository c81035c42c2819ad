import { accept, refuse } from '@shop/contracts';
import { Filters, isValidPosition, keysetPage, type SortKind, type Sql } from '@shop/persistence';
import type { OrderSummary } from '../domain/order.js';
import type { OrderFilter, OrderList, OrderSort } from '../domain/orders.port.js';

const sortColumns: Record<OrderSort['key'], { readonly column: string; readonly kind: SortKind }> = {
  created_at: { column: 'orders.created_at', kind: 'timestamptz' },
  total: { column: 'orders.total_cents', kind: 'bigint' },
  status: { column: 'orders.status', kind: 'text' },
};

const summaryColumns = `orders.order_id AS "orderId", orders.status, orders.created_at AS "createdAt",
  orders.total_cents AS "totalCents",
  (SELECT count(*)::int FROM order_items i WHERE i.order_id = orders.order_id) AS "itemsCount"`;

/** The filter as conditions on `orders`, with their values ($1…$n). */
function conditionsOf(filter: OrderFilter): Filters {
  return new Filters()
    .add((p) => `orders.user_id = ${p}::uuid`, filter.userId)
    .add((p) => `orders.status = ${p}`, filter.status)
    .add((p) => `orders.created_at >= ${p}::timestamptz`, filter.createdFrom?.toISOString())
    .add((p) => `orders.created_at <= ${p}::timestamptz`, filter.createdTo?.toISOString());
}

/** Lists of orders: keyset pages in SQL (a timestamp position keeps Postgres's microseconds), or offset pages. */
export function orderList(sql: Sql): OrderList {
  return {
    async keysetPage(filter, sort, after, limit) {
      const { column, kind } = sortColumns[sort.key];
      if (after && !isValidPosition(kind, after)) {
        return refuse('VALIDATION_ERROR', 'Invalid pagination cursor', { field: 'cursor' });
      }
      const page = await keysetPage<OrderSummary>(sql, {
        select: summaryColumns,
        from: 'orders',
        ...conditionsOf(filter),
        sort: { column, kind, direction: sort.direction },
        id: 'orders.order_id',
        after,
        limit,
      });
      return accept(page);
    },

    async offsetPage(filter, sort, page, limit) {
      const { where, values } = conditionsOf(filter);
      const whereClause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
      const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
      const [counted, items] = await Promise.all([
        sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders${whereClause}`, ...values),
        sql.query<OrderSummary>(
          `SELECT ${summaryColumns} FROM orders${whereClause}
            ORDER BY ${sortColumns[sort.key].column} ${direction}, orders.order_id ${direction}
            OFFSET $${values.length + 1} LIMIT $${values.length + 2}`,
          ...values,
          (page - 1) * limit,
          limit,
        ),
      ]);
      return { items, total: counted[0]?.total ?? 0 };
    },
  };
}
