import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, createProduct } from './support/api.js';
import {
  badTokens,
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
  type Who,
} from './support/authorization-matrix.js';
import { inventoryRows, staff, type InventoryAction } from './support/authorization-rows/inventory.js';

/** The inventory service's rows of the authorization matrix (support/authorization-rows/inventory.ts), end to end. */

interface ProductRead {
  product_id: string;
  status: string;
  stock?: { on_hand: number };
  availability?: string;
}

/** What a caller's view of a product shows: counts for staff, an availability state for everyone else. */
function expectViewFor(who: Who, product: ProductRead): void {
  if (staff.includes(who)) {
    expect(product.stock?.on_hand).toEqual(expect.any(Number));
    expect(product).not.toHaveProperty('availability');
  } else {
    expect(product).not.toHaveProperty('stock');
    expect(product.status).toBe('active');
    expect(['in_stock', 'low_stock', 'out_of_stock']).toContain(product.availability);
  }
}

describe('authorization matrix: inventory service, end to end', () => {
  // The order service is there because a product counts as created once it can be ordered (createProduct).
  const world = useMatrixStack({ services: ['user-service', 'inventory-service', 'order-service'], portBase: 7000 });
  const { asAdmin } = world;

  const productOf = async (id: string) =>
    (await asAdmin({ service: 'inventory-service', method: 'GET', path: `/api/v1/products/${id}` })).body;
  const freshProduct = () => createProduct(world.stack, { name: 'Matrix lamp', price: 20, stock: 5 });
  /** Not on sale: nothing to order, so there is no replica to wait for. */
  const inactiveProduct = async () => {
    const body = { sku: `MX-${randomUUID().slice(0, 12)}`, name: 'Matrix stool', price: 30, status: 'inactive' };
    const created = await asAdmin({ service: 'inventory-service', method: 'POST', path: '/api/v1/products', body });
    if (created.status !== 201) throw new Error(`product not created: ${JSON.stringify(created.body)}`);
    return created.body.product_id as string;
  };

  const actions = {
    'create product': {
      target: async () => `MX-${randomUUID().slice(0, 12)}`,
      attempt: (sku) => ({
        service: 'inventory-service',
        method: 'POST',
        path: '/api/v1/products',
        body: { sku, name: 'Matrix chair', price: 50, initial_stock: 2 },
      }),
      granted: async (body, sku) => expect(body).toMatchObject({ sku, stock: { on_hand: 2 } }),
      refused: async (sku) => {
        const all = await asAdmin({ service: 'inventory-service', method: 'GET', path: '/api/v1/products?limit=100' });
        expect(all.body.data.map((p: { sku: string }) => p.sku)).not.toContain(sku);
      },
    },
    'update product': {
      target: freshProduct,
      attempt: (id) => ({
        service: 'inventory-service',
        method: 'PATCH',
        path: `/api/v1/products/${id}`,
        body: { price: 21.5 },
      }),
      granted: async (body) => expect(body.price).toBe(21.5),
      refused: async (id) => expect((await productOf(id)).price).toBe(20),
    },
    'adjust stock': {
      target: freshProduct,
      attempt: (id) => ({
        service: 'inventory-service',
        method: 'POST',
        path: `/api/v1/products/${id}/stock`,
        body: { delta: 3, reason: 'recount' },
      }),
      granted: async (body) => expect(body.stock.on_hand).toBe(8),
      refused: async (id) => expect((await productOf(id)).stock.on_hand).toBe(5),
    },
    'read products': {
      target: inactiveProduct,
      attempt: () => ({ service: 'inventory-service', method: 'GET', path: '/api/v1/products?limit=100' }),
      granted: async (body, inactiveId, cell) => {
        const ids = body.data.map((p: ProductRead) => p.product_id);
        expect(ids).toContain(world.productId);
        if (staff.includes(cell.who)) expect(ids).toContain(inactiveId);
        else expect(ids).not.toContain(inactiveId);
        for (const product of body.data) expectViewFor(cell.who, product);
      },
    },
    'read a product': {
      attempt: () => ({ service: 'inventory-service', method: 'GET', path: `/api/v1/products/${world.productId}` }),
      granted: async (body, _target, cell) => {
        expect(body.product_id).toBe(world.productId);
        expectViewFor(cell.who, body);
      },
    },
    'read an inactive product': {
      target: inactiveProduct,
      attempt: (id) => ({ service: 'inventory-service', method: 'GET', path: `/api/v1/products/${id}` }),
      granted: async (body, id) => expect(body).toMatchObject({ product_id: id, status: 'inactive', stock: {} }),
      refused: async (id) => expect((await productOf(id)).status).toBe('inactive'),
    },
  } satisfies Record<InventoryAction, Action>;

  itChecksEachCell(world, inventoryRows, actions);
  describeUnauthenticated(world, ['inventory-service']);

  it('turns away a bad token on a public read too (401), rather than reading it as anonymous', async () => {
    for (const headers of [badTokens['a malformed token'](), badTokens['an expired admin token']()]) {
      const path = `/api/v1/products/${world.productId}`;
      const response = await call(world.stack.url('inventory-service'), 'GET', path, headers);
      expect(response.status).toBe(401);
    }
  });
});
