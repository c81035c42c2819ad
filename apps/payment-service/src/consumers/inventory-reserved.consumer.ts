import type { EventPayload, InventoryEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applySagaEvent, type SagaRepository, type SagaStepDeps } from '../application/apply-saga-event.js';
import type { PaymentRun } from '../domain/payment-run.js';

type InventoryReserved = EventPayload<typeof InventoryEvents.InventoryReserved>;

/**
 * InventoryReserved → the order is ready to be authorized: the payment becomes due for the
 * authorization worker (the provider is never called from here). Arriving before OrderPlaced
 * (another topic), it is remembered and the intent starts authorizing when it comes.
 * Undone by: OrderCancelled, which voids the authorization.
 */
export const inventoryReservedConsumer =
  (deps: SagaStepDeps, repositoryOn: (tx: Sql) => SagaRepository) =>
  (tx: Sql, event: CloudEvent<InventoryReserved>, run: PaymentRun | undefined): Promise<void> =>
    applySagaEvent(deps, repositoryOn(tx), run, {
      event,
      orderId: event.data.order_id,
      input: { type: 'inventory_reserved' },
      early: { type: 'inventory_reserved', expiresAt: new Date(event.data.expires_at) },
    });
