import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '@shop/contracts';
import { eventually } from '@shop/testing';
import { call, createProduct, shippingAddress } from './support/api.js';
import { expiredToken, registerAccount, seedAdmin, type Account, type Role } from './support/accounts.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * The authorization matrix of seed §7.3.1 (roles of §3.2), one `it` per cell, allowed and forbidden,
 * with §3.4's split: no or bad token → 401, a valid token without the right → 403, someone else's order
 * → 404. The five services run as processes; every token comes from a real sign-in (the admin seeded
 * as set-up seeds it, the others registered and given their role by that admin).
 *
 * Readings of the seed this table commits to:
 * - "Refund Order" is cancelling an order whose payment was captured (at shipment); the payment
 *   service refunds it.
 * - "View Users: support Limited": support looks customer accounts up, read-only; staff and partner
 *   accounts, role changes and the audit trail stay with admins.
 * - Reading the catalogue is not "Manage Inventory": anyone, signed in or not, may.
 */

type Who = Role | 'anonymous';
/** Whose resource the caller acts on: its own, another customer's, or none in particular. */
type Ownership = 'own' | 'other' | 'none';

type ActionName =
  | 'create order' | 'view order' | 'list orders' | 'cancel order' | 'cancel order after the window' | 'refund order' | 'update order status'
  | 'view users' | 'view staff accounts' | 'change a role' | 'read the audit log'
  | 'create product' | 'update product' | 'adjust stock' | 'read products' | 'read a product'
  | 'look up payments' | 'look up notifications';

interface Cell {
  readonly action: ActionName;
  readonly who: Who;
  readonly ownership: Ownership;
  readonly expected: number;
  /** "View Users": admins see every account, support a limited set (customers). */
  readonly sees?: 'all' | 'customers';
}

interface Attempt {
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

interface Action {
  /** Makes the resource the cell acts on, owned by `owner` (the caller for "own", someone else for "other"). */
  readonly target?: (owner: Account, cell: Cell) => Promise<string>;
  readonly attempt: (target: string) => Attempt;
  /** What an allowed answer shows besides its status. */
  readonly granted?: (body: any, target: string, cell: Cell) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** That a refusal changed nothing. */
  readonly refused?: (target: string, cell: Cell) => Promise<void>;
}

// The cancellation window is configurable in minutes; the stack runs with the shortest one, so the
// after-the-window cell needs an order only a minute old instead of a day.
const CANCELLATION_WINDOW_MINUTES = 1;

// Written from the seed's matrix, row by row, not from the code.
const matrix: readonly Cell[] = [
  // Create Order: customer own, admin all, support ❌, partner own.
  { action: 'create order', who: 'customer', ownership: 'own', expected: 201 },
  { action: 'create order', who: 'partner', ownership: 'own', expected: 201 },
  { action: 'create order', who: 'admin', ownership: 'own', expected: 201 },
  { action: 'create order', who: 'support', ownership: 'none', expected: 403 },
  // View Order: customer own, admin all, support all, partner own; someone else's is 404, not 403.
  { action: 'view order', who: 'customer', ownership: 'own', expected: 200 },
  { action: 'view order', who: 'customer', ownership: 'other', expected: 404 },
  { action: 'view order', who: 'partner', ownership: 'own', expected: 200 },
  { action: 'view order', who: 'partner', ownership: 'other', expected: 404 },
  { action: 'view order', who: 'support', ownership: 'other', expected: 200 },
  { action: 'view order', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'list orders', who: 'customer', ownership: 'own', expected: 200 },
  { action: 'list orders', who: 'partner', ownership: 'own', expected: 200 },
  { action: 'list orders', who: 'support', ownership: 'other', expected: 200 },
  { action: 'list orders', who: 'admin', ownership: 'other', expected: 200 },
  // Cancel Order: customer own (within the window), admin all, support all, partner ❌.
  { action: 'cancel order', who: 'customer', ownership: 'own', expected: 200 },
  { action: 'cancel order', who: 'customer', ownership: 'other', expected: 404 },
  { action: 'cancel order', who: 'support', ownership: 'other', expected: 200 },
  { action: 'cancel order', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'cancel order', who: 'partner', ownership: 'own', expected: 403 },
  { action: 'cancel order', who: 'partner', ownership: 'other', expected: 403 },
  // Refund Order: admin all, support all, customer ❌, partner ❌.
  { action: 'refund order', who: 'support', ownership: 'other', expected: 200 },
  { action: 'refund order', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'refund order', who: 'customer', ownership: 'own', expected: 403 },
  { action: 'refund order', who: 'partner', ownership: 'own', expected: 403 },
  // Order status updates (§3.2: support "update order status"; admin everything).
  { action: 'update order status', who: 'support', ownership: 'other', expected: 200 },
  { action: 'update order status', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'update order status', who: 'customer', ownership: 'own', expected: 403 },
  { action: 'update order status', who: 'partner', ownership: 'own', expected: 403 },
  // View Users: admin all, support limited, customer ❌, partner ❌.
  { action: 'view users', who: 'admin', ownership: 'none', expected: 200, sees: 'all' },
  { action: 'view users', who: 'support', ownership: 'none', expected: 200, sees: 'customers' },
  { action: 'view users', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'view users', who: 'partner', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'admin', ownership: 'none', expected: 200 },
  { action: 'view staff accounts', who: 'support', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'partner', ownership: 'none', expected: 403 },
  { action: 'change a role', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'change a role', who: 'support', ownership: 'other', expected: 403 },
  { action: 'change a role', who: 'customer', ownership: 'own', expected: 403 },
  { action: 'change a role', who: 'partner', ownership: 'own', expected: 403 },
  { action: 'read the audit log', who: 'admin', ownership: 'none', expected: 200 },
  { action: 'read the audit log', who: 'support', ownership: 'none', expected: 403 },
  { action: 'read the audit log', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'read the audit log', who: 'partner', ownership: 'none', expected: 403 },
  // Manage Inventory: admin all, everyone else ❌; reading the catalogue is everyone's.
  ...(['create product', 'update product', 'adjust stock'] as const).flatMap((action) => [
    { action, who: 'admin', ownership: 'none', expected: action === 'create product' ? 201 : 200 } as const,
    ...(['support', 'customer', 'partner'] as const).map((who) => ({ action, who, ownership: 'none', expected: 403 }) as const),
  ]),
  ...(['read products', 'read a product'] as const).flatMap((action) =>
    (['anonymous', 'customer', 'partner', 'support', 'admin'] as const).map((who) => ({ action, who, ownership: 'none', expected: 200 }) as const),
  ),
  // Payments and notifications are looked up by support and admins (the refunds are theirs), by nobody else.
  ...(['look up payments', 'look up notifications'] as const).flatMap((action) => [
    { action, who: 'support', ownership: 'other', expected: 200 } as const,
    { action, who: 'admin', ownership: 'other', expected: 200 } as const,
    { action, who: 'customer', ownership: 'own', expected: 403 } as const,
    { action, who: 'partner', ownership: 'own', expected: 403 } as const,
  ]),
  // Last: its order, placed while the stack started, must be older than the window by now.
  { action: 'cancel order after the window', who: 'customer', ownership: 'own', expected: 409 },
];

/** §3.4: a route that needs a token answers 401 without a valid one, whatever role the token claims. */
const protectedRoutes: readonly { readonly name: string; readonly service: ServiceName; readonly method: string; readonly path: string; readonly body?: object }[] = [
  { name: 'own account', service: 'user-service', method: 'GET', path: '/api/v1/users/me' },
  { name: 'user list (admin)', service: 'user-service', method: 'GET', path: '/api/v1/users' },
  { name: 'audit log (admin)', service: 'user-service', method: 'GET', path: '/api/v1/audit' },
  { name: 'create product (admin)', service: 'inventory-service', method: 'POST', path: '/api/v1/products', body: { sku: 'AUTH-1', name: 'x', price: 1 } },
  { name: 'orders', service: 'order-service', method: 'GET', path: '/api/v1/orders' },
  { name: 'place order', service: 'order-service', method: 'POST', path: '/api/v1/orders', body: {} },
  { name: 'order status (support)', service: 'order-service', method: 'PATCH', path: `/api/v1/orders/${randomUUID()}/status`, body: { status: 'processing' } },
  { name: 'payments (support)', service: 'payment-service', method: 'GET', path: '/api/v1/payments' },
  { name: 'notifications (support)', service: 'notification-service', method: 'GET', path: '/api/v1/notifications' },
];
const badTokens = {
  'no token': () => ({}),
  'a malformed token': () => ({ authorization: 'Bearer not.a.jwt' }),
  'an expired admin token': () => ({ authorization: `Bearer ${expiredToken('admin')}` }),
};

const codeOf: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'INVALID_STATE_TRANSITION' };

describe('authorization matrix (seed §7.3.1, §3.2, §3.4), end to end', () => {
  let stack: Stack;
  let accounts: Record<Role, Account>;
  /** The customer whose resources are "someone else's" for every other caller. */
  let someoneElse: Account;
  let productId: string;
  let othersOrder: string;
  let lateOrder: { id: string; owner: Account; placedAt: number };

  beforeAll(async () => {
    stack = await startStack({
      services: ['user-service', 'inventory-service', 'order-service', 'payment-service', 'notification-service'],
      portBase: 7000,
      env: { 'order-service': { CANCELLATION_WINDOW_MINUTES: String(CANCELLATION_WINDOW_MINUTES) } },
    });
    const admin = await seedAdmin(stack);
    const [customer, partner, support, other] = await Promise.all([
      registerAccount(stack, admin, 'customer'),
      registerAccount(stack, admin, 'partner'),
      registerAccount(stack, admin, 'support'),
      registerAccount(stack, admin, 'customer', 'someone-else'),
    ]);
    accounts = { admin, customer: customer!, partner: partner!, support: support! };
    someoneElse = other!;
    productId = await createProduct(stack, { name: 'Matrix mug', price: 12, stock: 1000 });
    const placedAt = Date.now();
    lateOrder = { id: await place(accounts.customer), owner: accounts.customer, placedAt };
    othersOrder = await place(someoneElse);
  }, 180_000);
  afterAll(() => stack?.stop());

  const send = (who: Who, attempt: Attempt) => call(stack.url(attempt.service), attempt.method, attempt.path, who === 'anonymous' ? {} : accounts[who].headers, attempt.body);
  const asAdmin = (attempt: Attempt) => send('admin', attempt);

  async function place(owner: Account): Promise<string> {
    const placed = await call(stack.url('order-service'), 'POST', '/api/v1/orders', { ...owner.headers, prefer: 'wait=10' }, orderBody());
    if (placed.status !== 201 || placed.body.status !== 'confirmed') throw new Error(`order not confirmed: ${placed.status} ${JSON.stringify(placed.body)}`);
    return placed.body.order_id;
  }
  const orderBody = () => ({ items: [{ product_id: productId, quantity: 1 }], shipping_address: shippingAddress, payment_method: { type: 'card', token: 'tok_visa_4242' } });
  const orderOf = async (id: string) => (await asAdmin({ service: 'order-service', method: 'GET', path: `/api/v1/orders/${id}` })).body;
  const paymentOf = async (orderId: string) =>
    (await asAdmin({ service: 'payment-service', method: 'GET', path: `/api/v1/payments?order_id=${orderId}` })).body.data[0] as { status: string } | undefined;
  const userOf = async (userId: string) =>
    ((await asAdmin({ service: 'user-service', method: 'GET', path: '/api/v1/users?limit=100' })).body.data as { user_id: string; role: string }[]).find((u) => u.user_id === userId);
  const productOf = async (id: string) => (await asAdmin({ service: 'inventory-service', method: 'GET', path: `/api/v1/products/${id}` })).body;
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

  const cancel = (id: string): Attempt => ({ service: 'order-service', method: 'POST', path: `/api/v1/orders/${id}/cancel`, body: {} });
  const stillConfirmed = async (id: string) => expect((await orderOf(id)).status).toBe('confirmed');
  const notificationsOf = (orderId: string): Attempt => ({ service: 'notification-service', method: 'GET', path: `/api/v1/notifications?order_id=${orderId}` });
  const freshProduct = () => createProduct(stack, { name: 'Matrix lamp', price: 20, stock: 5 });

  const actions = {
    'create order': {
      attempt: () => ({ service: 'order-service', method: 'POST', path: '/api/v1/orders', body: orderBody() }),
      granted: async (body, _t, cell) => expect(body).toMatchObject({ user_id: accounts[cell.who as Role].userId, status: expect.stringMatching(/pending|confirmed/) }),
      refused: async (_t, cell) => {
        const theirs = await asAdmin({ service: 'order-service', method: 'GET', path: `/api/v1/orders?user_id=${accounts[cell.who as Role].userId}` });
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
        for (const listed of ids) expect((await orderOf(listed)).user_id).toBe(accounts[cell.who as Role].userId);
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
      attempt: (id) => ({ service: 'order-service', method: 'PATCH', path: `/api/v1/orders/${id}/status`, body: { status: 'processing' } }),
      granted: async (body) => expect(body.status).toBe('processing'),
      refused: stillConfirmed,
    },
    'view users': {
      attempt: () => ({ service: 'user-service', method: 'GET', path: '/api/v1/users?limit=100' }),
      granted: async (body, _t, cell) => {
        const listed = body.data as { user_id: string; role: string }[];
        const ids = listed.map((u) => u.user_id);
        expect(ids).toContain(accounts.customer.userId);
        if (cell.sees === 'all') expect(ids).toEqual(expect.arrayContaining([accounts.admin.userId, accounts.support.userId, accounts.partner.userId]));
        else expect(listed.every((u) => u.role === 'customer')).toBe(true);
      },
    },
    'view staff accounts': {
      attempt: () => ({ service: 'user-service', method: 'GET', path: '/api/v1/users?role=support&limit=100' }),
      granted: async (body) => expect(body.data.map((u: { user_id: string }) => u.user_id)).toContain(accounts.support.userId),
    },
    'change a role': {
      target: async (owner, cell) => (cell.ownership === 'own' ? owner.userId : (await registerAccount(stack, accounts.admin, 'customer', 'promoted')).userId),
      attempt: (id) => ({ service: 'user-service', method: 'PATCH', path: `/api/v1/users/${id}/role`, body: { role: 'admin' } }),
      granted: async (body, id) => {
        expect(body).toMatchObject({ user_id: id, role: 'admin' });
        expect((await userOf(id))?.role).toBe('admin');
      },
      refused: async (id) => expect((await userOf(id))?.role).not.toBe('admin'),
    },
    'read the audit log': {
      attempt: () => ({ service: 'user-service', method: 'GET', path: '/api/v1/audit?action=role.changed&limit=100' }),
      granted: async (body) => expect(body.data.map((e: { target_user_id: string }) => e.target_user_id)).toContain(accounts.support.userId),
    },
    'create product': {
      target: async () => `MX-${randomUUID().slice(0, 12)}`,
      attempt: (sku) => ({ service: 'inventory-service', method: 'POST', path: '/api/v1/products', body: { sku, name: 'Matrix chair', price: 50, initial_stock: 2 } }),
      granted: async (body, sku) => expect(body).toMatchObject({ sku, stock: { on_hand: 2 } }),
      refused: async (sku) => {
        const all = await asAdmin({ service: 'inventory-service', method: 'GET', path: '/api/v1/products?limit=100' });
        expect(all.body.data.map((p: { sku: string }) => p.sku)).not.toContain(sku);
      },
    },
    'update product': {
      target: freshProduct,
      attempt: (id) => ({ service: 'inventory-service', method: 'PATCH', path: `/api/v1/products/${id}`, body: { price: 21.5 } }),
      granted: async (body) => expect(body.price).toBe(21.5),
      refused: async (id) => expect((await productOf(id)).price).toBe(20),
    },
    'adjust stock': {
      target: freshProduct,
      attempt: (id) => ({ service: 'inventory-service', method: 'POST', path: `/api/v1/products/${id}/stock`, body: { delta: 3, reason: 'recount' } }),
      granted: async (body) => expect(body.stock.on_hand).toBe(8),
      refused: async (id) => expect((await productOf(id)).stock.on_hand).toBe(5),
    },
    'read products': {
      attempt: () => ({ service: 'inventory-service', method: 'GET', path: '/api/v1/products?limit=100' }),
      granted: async (body) => expect(body.data.map((p: { product_id: string }) => p.product_id)).toContain(productId),
    },
    'read a product': {
      attempt: () => ({ service: 'inventory-service', method: 'GET', path: `/api/v1/products/${productId}` }),
      granted: async (body) => expect(body.product_id).toBe(productId),
    },
    'look up payments': {
      target: place,
      attempt: (id) => ({ service: 'payment-service', method: 'GET', path: `/api/v1/payments?order_id=${id}` }),
      granted: async (body, id) => expect(body.data).toMatchObject([{ order_id: id, status: 'authorized' }]),
    },
    'look up notifications': {
      target: place,
      attempt: notificationsOf,
      // The confirmation mail is recorded when the notification service consumes OrderConfirmed.
      granted: async (_body, id, cell) =>
        eventually(async () => expect((await send(cell.who, notificationsOf(id))).body.data).toMatchObject([{ order_id: id, template: 'order_confirmed' }]), 30_000, 200),
    },
  } satisfies Record<ActionName, Action>;

  const ownerOf = (cell: Cell): Account => (cell.ownership === 'own' && cell.who !== 'anonymous' ? accounts[cell.who] : someoneElse);

  it.each(matrix)('$action · $who · $ownership → $expected', async (cell) => {
    const action: Action = actions[cell.action];
    const target = action.target ? await action.target(ownerOf(cell), cell) : '';
    const response = await send(cell.who, action.attempt(target));
    expect(response.status, JSON.stringify(response.body)).toBe(cell.expected);
    if (cell.expected < 300) await action.granted?.(response.body, target, cell);
    else {
      expect(response.body.error.code).toBe(codeOf[cell.expected]);
      await action.refused?.(target, cell);
    }
  }, 120_000);

  describe.each(protectedRoutes)('$service $name', (route) => {
    it.each(Object.keys(badTokens) as (keyof typeof badTokens)[])('answers 401 UNAUTHORIZED to %s', async (kind) => {
      const response = await call(stack.url(route.service), route.method, route.path, badTokens[kind](), route.body);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });
  });

  it('turns away a bad token on a public read too (401), rather than reading it as anonymous', async () => {
    for (const headers of [badTokens['a malformed token'](), badTokens['an expired admin token']()]) {
      const response = await call(stack.url('inventory-service'), 'GET', `/api/v1/products/${productId}`, headers);
      expect(response.status).toBe(401);
    }
  });
});
