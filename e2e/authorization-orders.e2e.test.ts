import { describe, expect } from 'vitest';
import { eventually } from '@shop/testing';
import type { Account, Role } from './support/accounts.js';
import {
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
  type Attempt,
  type Cell,
} from './support/authorization-matrix.js';
import { orderRows, type OrderAction } from './support/authorization-rows/orders.js';

/** The order service's rows of the authorization matrix (support/authorization-rows/orders.ts), end to end. */

// The cancellation window is configurable in minutes; the stack runs with the shortest one, so the
// after-the-window cell needs an order only a minute old instead of a day.
const CANCELLATION_WINDOW_MINUTES = 1;

describe('authorization matrix: order service, end to end', () => {
  let othersOrder: string;
  let lateOrder: { id: string; owner: Account; placedAt: number };
  const world = useMatrixStack({
    services: ['user-service', 'inventory-service', 'order-service', 'payment-service', 'notification-service'],
    portBase: 7000,
    env: { 'order-service': { CANCELLATION_WINDOW_MINUTES: String(CANCELLATION_WINDOW_MINUTES) } },
    prepare: async ({ accounts, someoneElse, place }) => {
      const placedAt = Date.now();
      lateOrder = { id: await place(accounts.customer), owner: accounts.customer, placedAt };
      othersOrder = await place(someoneElse);
    },
  });
  const { place, orderOf, asAdmin } = world;
  const userIdOf = (cell: Cell) => world.accounts[cell.who as Role].userId;

  const paymentOf = async (orderId: string) =>
    (await asAdmin({ service: 'payment-service', method: 'GET', path: `/api/v1/payments?order_id=${orderId}` })).body
      .data[0] as { status: string } | undefined;
  const setStatus = async (id: string, body: object) => {
    const r = await asAdmin({ service: 'order-service', method: 'PATCH', path: `/api/v1/orders/${id}/status`, body });
    if (r.status !== 200) throw new Error(`status change failed: ${JSON.stringify(r.body)}`);
  };

  /** A confirmed order, shipped, its payment captured: cancelling it now is a refund. */
  async function shippedOrder(owner: Account): Promise<string> {
    const id = await place(owner);
    await setStatus(id, { status: 'processing' });
    await setStatus(id, { status: 'shipped', carrier: 'UPS', tracking_number: '1Z999' });
    await eventually(async () => expect((await paymentOf(id))?.status).toBe('captured'), 30_000, 200);
    return id;
  }

  const cancel = (id: string): Attempt => ({
    service: 'order-service',
    method: 'POST',
    path: `/api/v1/orders/${id}/cancel`,
    body: {},
  });
  const stillConfirmed = async (id: string) => expect((await orderOf(id)).status).toBe('confirmed');

  const actions = {
    'create order': {
      attempt: () => ({ service: 'order-service', method: 'POST', path: '/api/v1/orders', body: world.orderBody() }),
      granted: async (body, _t, cell) =>
        expect(body).toMatchObject({ user_id: userIdOf(cell), status: expect.stringMatching(/pending|confirmed/) }),
      refused: async (_t, cell) => {
        const path = `/api/v1/orders?user_id=${userIdOf(cell)}`;
        const theirs = await asAdmin({ service: 'order-service', method: 'GET', path });
        expect(theirs.body.data).toEqual([]);
      },
    },
    'view order': {
      target: place,
      attempt: (id) => ({ service: 'order-service', method: 'GET', path: `/api/v1/orders/${id}` }),
      granted: async (body, id) => expect(body.order_id).toBe(id),
    },
    'list orders': {
      target: place,
      attempt: () => ({ service: 'order-service', method: 'GET', path: '/api/v1/orders?limit=100' }),
      granted: async (body, id, cell) => {
        const ids = body.data.map((o: { order_id: string }) => o.order_id);
        expect(ids).toContain(id);
        if (cell.ownership === 'other') return;
        expect(ids).not.toContain(othersOrder);
        for (const listed of ids) expect((await orderOf(listed)).user_id).toBe(userIdOf(cell));
      },
    },
    'cancel order': {
      target: place,
      attempt: cancel,
      granted: async (body) => expect(body).toMatchObject({ status: 'cancelled' }),
      refused: stillConfirmed,
    },
    'cancel order after the window': {
      target: async (owner) => {
        expect(owner).toBe(lateOrder.owner);
        const closesAt = lateOrder.placedAt + CANCELLATION_WINDOW_MINUTES * 60_000 + 1000;
        await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now())));
        return lateOrder.id;
      },
      attempt: cancel,
      refused: stillConfirmed,
    },
    'refund order': {
      target: shippedOrder,
      attempt: cancel,
      granted: async (body, id) => {
        expect(body).toMatchObject({ status: 'cancelled' });
        await eventually(async () => expect((await paymentOf(id))?.status).toBe('refunded'), 30_000, 200);
      },
      refused: async (id) => {
        expect((await orderOf(id)).status).toBe('shipped');
        expect((await paymentOf(id))?.status).toBe('captured');
      },
    },
    'update order status': {
      target: place,
      attempt: (id) => ({
        service: 'order-service',
        method: 'PATCH',
        path: `/api/v1/orders/${id}/status`,
        body: { status: 'processing' },
      }),
      granted: async (body) => expect(body.status).toBe('processing'),
      refused: stillConfirmed,
    },
  } satisfies Record<OrderAction, Action>;

  itChecksEachCell(world, orderRows, actions);
  describeUnauthenticated(world, ['order-service']);
});
