import { type Caller } from '@shop/http';
import type { ListOrdersQuery, Page, PagePosition } from '@shop/contracts';
import type { OrderSummary } from '../domain/order.js';
import type { OrderFilter, OrderList } from '../domain/orders.port.js';
import { seesAllOrders } from './get-order.js';

export type OrderListing =
  | ({ readonly kind: 'keyset' } & Page<OrderSummary>)
  | { readonly kind: 'offset'; readonly items: readonly OrderSummary[]; readonly total: number };

/** A bare date as `to_date` means the whole of that day. */
const endOf = (date: string): Date => (date.length === 10 ? new Date(`${date}T23:59:59.999Z`) : new Date(date));

/**
 * The orders API's list: a customer's own orders (support and admins: anyone's, or one user's),
 * filtered by status and creation date, sorted, as keyset pages after a position or as offset
 * pages when a page number is asked for without a cursor.
 */
export async function listOrders(
  list: OrderList,
  caller: Caller,
  query: ListOrdersQuery,
  after: PagePosition | null,
): Promise<OrderListing> {
  const filter: OrderFilter = {
    userId: seesAllOrders(caller) ? query.user_id : caller.userId,
    status: query.status,
    createdFrom: query.from_date ? new Date(query.from_date) : undefined,
    createdTo: query.to_date ? endOf(query.to_date) : undefined,
  };
  const sort = { key: query.sort, direction: query.order };
  if (after || !query.page) {
    const page = await list.keysetPage(filter, sort, after, query.limit);
    if (!page.ok) throw page.error;
    return { kind: 'keyset', ...page.value };
  }
  const page = await list.offsetPage(filter, sort, query.page, query.limit);
  return { kind: 'offset', ...page };
}
