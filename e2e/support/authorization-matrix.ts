import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '@shop/contracts';
import { call, createProduct, shippingAddress } from './api.js';
import { expiredToken, registerAccount, seedAdmin, type Account, type Role } from './accounts.js';
import { startStack, type Stack } from './stack.js';

/**
 * The authorization matrix, one `it` per cell, allowed and forbidden, with the error split every
 * service keeps: no or bad token → 401, a valid token without the right → 403, someone else's order
 * → 404. The services run as processes; every token comes from a real sign-in (the admin seeded as
 * set-up seeds it, the others registered and given their role by that admin). One test file per
 * service holds that service's rows and actions (`authorization-<service>.e2e.test.ts`).
 */

export type Who = Role | 'anonymous';
/** Whose resource the caller acts on: its own, another customer's, or none in particular. */
export type Ownership = 'own' | 'other' | 'none';

export interface Cell<ActionName extends string = string> {
  readonly action: ActionName;
  readonly who: Who;
  readonly ownership: Ownership;
  readonly expected: number;
  /** "View Users": admins see every account, support a limited set (customers). */
  readonly sees?: 'all' | 'customers';
}

/** The OpenAPI operation a row exercises, as its document names it: `PATCH /api/v1/orders/{id}/status`. */
export type OperationKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

/**
 * A service's rows: the cells, and the operation each action calls — what
 * `authorization-coverage.e2e.test.ts` holds against the OpenAPI documents, and each cell's attempt is
 * checked against, so a row cannot claim an operation it does not call.
 */
export interface MatrixRows<ActionName extends string> {
  readonly matrix: readonly Cell<ActionName>[];
  readonly operations: Record<ActionName, OperationKey>;
}

export interface Attempt {
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface Action {
  /** Makes the resource the cell acts on, owned by `owner` (the caller for "own", someone else for "other"). */
  readonly target?: (owner: Account, cell: Cell) => Promise<string>;
  readonly attempt: (target: string) => Attempt;
  /** What an allowed answer shows besides its status. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly granted?: (body: any, target: string, cell: Cell) => Promise<void>;
  /** That a refusal changed nothing. */
  readonly refused?: (target: string, cell: Cell) => Promise<void>;
}

const codeOf: Record<number, string> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE_TRANSITION',
};

/**
 * The stack a matrix file runs against, filled in by the `beforeAll` that `useMatrixStack` registers:
 * the four roles signed in, a second customer whose resources are "someone else's", and one product.
 */
export class MatrixWorld {
  stack!: Stack;
  accounts!: Record<Role, Account>;
  /** The customer whose resources are "someone else's" for every other caller. */
  someoneElse!: Account;
  productId = '';

  send = (who: Who, attempt: Attempt) =>
    call(
      this.stack.url(attempt.service),
      attempt.method,
      attempt.path,
      who === 'anonymous' ? {} : this.accounts[who].headers,
      attempt.body,
    );
  asAdmin = (attempt: Attempt) => this.send('admin', attempt);

  orderBody = () => ({
    items: [{ product_id: this.productId, quantity: 1 }],
    shipping_address: shippingAddress,
    payment_method: { type: 'card', token: 'tok_visa_4242' },
  });

  /** Places an order for `owner` and waits until it is confirmed. */
  place = async (owner: Account): Promise<string> => {
    const headers = { ...owner.headers, prefer: 'wait=10' };
    const placed = await call(this.stack.url('order-service'), 'POST', '/api/v1/orders', headers, this.orderBody());
    if (placed.status !== 201 || placed.body.status !== 'confirmed') {
      throw new Error(`order not confirmed: ${placed.status} ${JSON.stringify(placed.body)}`);
    }
    return placed.body.order_id;
  };

  orderOf = async (id: string) =>
    (await this.asAdmin({ service: 'order-service', method: 'GET', path: `/api/v1/orders/${id}` })).body;

  /** The owner of the resource a cell acts on: the caller for "own", someone else otherwise. */
  ownerOf = (cell: Cell): Account =>
    cell.ownership === 'own' && cell.who !== 'anonymous' ? this.accounts[cell.who] : this.someoneElse;
}

export interface MatrixStackOptions {
  readonly services: ServiceName[];
  readonly portBase: number;
  readonly env?: Parameters<typeof startStack>[0]['env'];
  /** Without the inventory and order services there is no product to order. */
  readonly withProduct?: boolean;
  /** Runs last in the `beforeAll`, once the accounts and the product exist. */
  readonly prepare?: (world: MatrixWorld) => Promise<void>;
}

/** Registers the `beforeAll`/`afterAll` that start and stop a matrix file's stack; returns its world. */
export function useMatrixStack(options: MatrixStackOptions): MatrixWorld {
  const world = new MatrixWorld();
  beforeAll(async () => {
    world.stack = await startStack({ services: options.services, portBase: options.portBase, env: options.env });
    const admin = await seedAdmin(world.stack);
    const [customer, partner, support, other] = await Promise.all([
      registerAccount(world.stack, admin, 'customer'),
      registerAccount(world.stack, admin, 'partner'),
      registerAccount(world.stack, admin, 'support'),
      registerAccount(world.stack, admin, 'customer', 'someone-else'),
    ]);
    world.accounts = { admin, customer, partner, support };
    world.someoneElse = other;
    if (options.withProduct ?? true) {
      world.productId = await createProduct(world.stack, { name: 'Matrix mug', price: 12, stock: 1000 });
    }
    await options.prepare?.(world);
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

/** Whether the attempt is a request to that operation: its method, and its path (less the query) fits the template. */
export function calls(attempt: Pick<Attempt, 'method' | 'path'>, operation: OperationKey): boolean {
  const [method, template = ''] = operation.split(' ');
  const pattern = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/?]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return attempt.method === method && new RegExp(`^${pattern.join('/')}(\\?|$)`).test(attempt.path);
}

/** One `it` per cell: the status, the error code of a refusal, and what the answer or the refusal left behind. */
export function itChecksEachCell<ActionName extends string>(
  world: MatrixWorld,
  { matrix, operations }: MatrixRows<ActionName>,
  actions: Record<ActionName, Action>,
): void {
  it.each(matrix)(
    '$action · $who · $ownership → $expected',
    async (cell) => {
      const action: Action = actions[cell.action];
      const target = action.target ? await action.target(world.ownerOf(cell), cell) : '';
      const attempt = action.attempt(target);
      expect(calls(attempt, operations[cell.action]), `${attempt.method} ${attempt.path}`).toBe(true);
      const response = await world.send(cell.who, attempt);
      expect(response.status, JSON.stringify(response.body)).toBe(cell.expected);
      if (cell.expected < 300) await action.granted?.(response.body, target, cell);
      else {
        expect(response.body.error.code).toBe(codeOf[cell.expected]);
        await action.refused?.(target, cell);
      }
    },
    120_000,
  );
}

interface ProtectedRoute {
  readonly name: string;
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly body?: object;
}

/** A route that needs a token answers 401 without a valid one, whatever role the token claims. */
const protectedRoutes: readonly ProtectedRoute[] = [
  { name: 'own account', service: 'user-service', method: 'GET', path: '/api/v1/users/me' },
  { name: 'user list (admin)', service: 'user-service', method: 'GET', path: '/api/v1/users' },
  { name: 'audit log (admin)', service: 'user-service', method: 'GET', path: '/api/v1/audit' },
  {
    name: 'create product (admin)',
    service: 'inventory-service',
    method: 'POST',
    path: '/api/v1/products',
    body: { sku: 'AUTH-1', name: 'x', price: 1 },
  },
  { name: 'orders', service: 'order-service', method: 'GET', path: '/api/v1/orders' },
  { name: 'place order', service: 'order-service', method: 'POST', path: '/api/v1/orders', body: {} },
  {
    name: 'order status (support)',
    service: 'order-service',
    method: 'PATCH',
    path: `/api/v1/orders/${randomUUID()}/status`,
    body: { status: 'processing' },
  },
  { name: 'payments (support)', service: 'payment-service', method: 'GET', path: '/api/v1/payments' },
  { name: 'notifications (support)', service: 'notification-service', method: 'GET', path: '/api/v1/notifications' },
];

export const badTokens = {
  'no token': () => ({}),
  'a malformed token': () => ({ authorization: 'Bearer not.a.jwt' }),
  'an expired admin token': () => ({ authorization: `Bearer ${expiredToken('admin')}` }),
};

/** Every protected route of `services`, asked with each kind of bad token, answers 401 UNAUTHORIZED. */
export function describeUnauthenticated(world: MatrixWorld, services: readonly ServiceName[]): void {
  const routes = protectedRoutes.filter((route) => services.includes(route.service));
  describe.each(routes)('$service $name', (route) => {
    it.each(Object.keys(badTokens) as (keyof typeof badTokens)[])('answers 401 UNAUTHORIZED to %s', async (kind) => {
      const response = await call(
        world.stack.url(route.service),
        route.method,
        route.path,
        badTokens[kind](),
        route.body,
      );
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });
  });
}
