import { describe, expect } from 'vitest';
import { eventually } from '@shop/testing';
import {
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
  type Attempt,
  type Cell,
} from './support/authorization-matrix.js';

/**
 * The payment and notification services' rows of the authorization matrix: both are looked up by
 * support and admins (the refunds are theirs), by nobody else.
 */

type ActionName = 'look up payments' | 'look up notifications';

// Written from the role matrix, row by row, not from the code.
const matrix: readonly Cell<ActionName>[] = (['look up payments', 'look up notifications'] as const).flatMap(
  (action) => [
    { action, who: 'support', ownership: 'other', expected: 200 } as const,
    { action, who: 'admin', ownership: 'other', expected: 200 } as const,
    { action, who: 'customer', ownership: 'own', expected: 403 } as const,
    { action, who: 'partner', ownership: 'own', expected: 403 } as const,
  ],
);

describe('authorization matrix: payment and notification services, end to end', () => {
  const world = useMatrixStack({
    services: ['user-service', 'inventory-service', 'order-service', 'payment-service', 'notification-service'],
    portBase: 7000,
  });

  const notificationsOf = (orderId: string): Attempt => ({
    service: 'notification-service',
    method: 'GET',
    path: `/api/v1/notifications?order_id=${orderId}`,
  });

  const actions = {
    'look up payments': {
      target: world.place,
      attempt: (id) => ({ service: 'payment-service', method: 'GET', path: `/api/v1/payments?order_id=${id}` }),
      granted: async (body, id) => expect(body.data).toMatchObject([{ order_id: id, status: 'authorized' }]),
    },
    'look up notifications': {
      target: world.place,
      attempt: notificationsOf,
      // The confirmation mail is recorded when the notification service consumes OrderConfirmed.
      granted: async (_body, id, cell) =>
        eventually(
          async () => {
            const listed = (await world.send(cell.who, notificationsOf(id))).body.data;
            expect(listed).toMatchObject([{ order_id: id, template: 'order_confirmed' }]);
          },
          30_000,
          200,
        ),
    },
  } satisfies Record<ActionName, Action>;

  itChecksEachCell(world, matrix, actions);
  describeUnauthenticated(world, ['payment-service', 'notification-service']);
});
