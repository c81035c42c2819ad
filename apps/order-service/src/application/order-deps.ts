import type pg from 'pg';
import type { OrderPrisma } from '../../persistence/prisma.js';
import type { OrderOutcomeWaiter } from '../../orders/outcome-waiter.js';
import type { PlaceOrderDeps } from '../../orders/place-order.js';
import type { TransitionDeps } from '../../orders/transition-order.js';

export interface OrderRouteDeps {
  /** Lists orders (Prisma); everything on an order's own path runs on `pool`. */
  readonly prisma: OrderPrisma;
  readonly pool: pg.Pool;
  readonly placing: PlaceOrderDeps;
  readonly transitions: TransitionDeps;
  readonly waiter: Pick<OrderOutcomeWaiter, 'watch'>;
  readonly wait: { readonly defaultMs: number; readonly maxMs: number };
}
