import { describe, expect } from 'vitest';
import { eventually } from '@shop/testing';
import type { Account } from './support/accounts.js';
import {
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
  type Attempt,
} from './support/authorization-matrix.js';
import {
  paymentNotificationRows,
  type PaymentNotificationAction,
} from './support/authorization-rows/payments-notifications.js';

/**
 * The payment and notification services' rows of the authorization matrix
 * (support/authorization-rows/payments-notifications.ts), end to end.
 */
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

  /** The payment of an order placed for `owner`, as support would find it. */
  const paymentOf = async (owner: Account) => {
    const orderId = await world.place(owner);
    const path = `/api/v1/payments?order_id=${orderId}`;
    const found = await world.asAdmin({ service: 'payment-service', method: 'GET', path });
    const paymentId = found.body.data?.[0]?.payment_id;
    if (typeof paymentId !== 'string') throw new Error(`no payment for ${orderId}: ${JSON.stringify(found.body)}`);
    return paymentId;
  };

  const actions = {
    'look up payments': {
      target: world.place,
      attempt: (id) => ({ service: 'payment-service', method: 'GET', path: `/api/v1/payments?order_id=${id}` }),
      granted: async (body, id) => expect(body.data).toMatchObject([{ order_id: id, status: 'authorized' }]),
    },
    'look up a payment': {
      target: paymentOf,
      attempt: (id) => ({ service: 'payment-service', method: 'GET', path: `/api/v1/payments/${id}` }),
      granted: async (body, id) => expect(body).toMatchObject({ payment_id: id, status: 'authorized' }),
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
  } satisfies Record<PaymentNotificationAction, Action>;

  itChecksEachCell(world, paymentNotificationRows, actions);
  describeUnauthenticated(world, ['payment-service', 'notification-service']);
});
