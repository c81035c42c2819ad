import type { OrderPrisma } from '../../persistence/prisma.js';
import type { OrderOutcomeWaiter } from '../../orders/outcome-waiter.js';
import type { PlaceOrderDeps } from '../../orders/place-order.js';
import type { TransitionDeps } from '../../orders/transition-order.js';

export interface OrderRouteDeps {
  readonly prisma: OrderPrisma;
  readonly placing: PlaceOrderDeps;
  readonly transitions: TransitionDeps;
  readonly waiter: Pick<OrderOutcomeWaiter, 'wait'>;
  readonly wait: { readonly defaultMs: number; readonly maxMs: number };
}
