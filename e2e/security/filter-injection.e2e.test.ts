import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@shop/testing';
import { admin, call, createProduct, newCustomer, shippingAddress } from '../support/api.js';
import type { Stack } from '../support/stack.js';
import { badRequestCodes, expectEnvelope, hostileFilterValues, rawCall, rawHostileQueries } from './support/hostile.js';
import { startSecurityStack } from './support/security-stack.js';
import {
  describeOperation,
  listOperations,
  servedOperations,
  type ServedOperation,
} from './support/served-operations.js';

type Item = Record<string, unknown>;

/**
 * Injection in every filter and sort parameter (docs/security.md): every query parameter of every
 * list operation the services serve (read from their own /openapi.json), given SQL metacharacters,
 * LIKE wildcards, escapes, unicode, very long values, malformed escapes and arrays. The answer is 200
 * with a result no wider than the filter allows, or 400 in the envelope; never 5xx. A positive control
 * per parameter shows each filter still narrows to what it names.
 */
describe('injection in filters and sorts', () => {
  let stack: Stack;
  let lists: ServedOperation[];
  /** Each list's unfiltered first page, as admin sees it. */
  const unfiltered = new Map<ServedOperation, Item[]>();

  beforeAll(async () => {
    stack = await startSecurityStack(9100);
    lists = listOperations(await servedOperations(stack));
    // Something in every list: a user, a product (and its audit entry), an order, its payment and mail.
    const email = `injection-${randomUUID()}@example.com`;
    const password = 'correct horse battery staple';
    expect(
      (await call(stack.url('user-service'), 'POST', '/api/v1/auth/register', {}, { email, password })).status,
    ).toBe(201);
    const productId = await createProduct(stack, { name: 'Injection probe', price: 3, stock: 10 });
    const placed = await call(stack.url('order-service'), 'POST', '/api/v1/orders', newCustomer().headers, {
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: shippingAddress,
      payment_method: { type: 'card', token: 'tok_visa_4242' },
    });
    expect([201, 202]).toContain(placed.status);
    const orderId = placed.body.order_id as string;
    await eventually(
      async () => {
        const payments = await call(stack.url('payment-service'), 'GET', `/api/v1/payments?order_id=${orderId}`, admin);
        expect(payments.body.data.length).toBeGreaterThan(0);
        const mails = await call(
          stack.url('notification-service'),
          'GET',
          `/api/v1/notifications?order_id=${orderId}`,
          admin,
        );
        expect(mails.body.data.length).toBeGreaterThan(0);
        const audit = await call(stack.url('user-service'), 'GET', '/api/v1/audit', admin);
        expect(audit.body.data.length).toBeGreaterThan(0);
      },
      60_000,
      250,
    );
    for (const list of lists) {
      const answer = await call(stack.url(list.service), 'GET', list.path, admin);
      expect(answer.status, describeOperation(list)).toBe(200);
      unfiltered.set(list, answer.body.data as Item[]);
    }
  }, 240_000);
  afterAll(() => stack?.stop());

  /** 200 and nothing the filter `name = value` would not match, or 400 in the envelope; never anything else. */
  const expectNarrowedOrRefused = (
    list: ServedOperation,
    name: string,
    value: string,
    answer: { status: number; json: unknown },
  ) => {
    const context = `${describeOperation(list)} ?${name}=${value?.slice(0, 40)} → ${answer.status}`;
    if (answer.status === 400) return expectEnvelope(answer, 400, badRequestCodes);
    expect(answer.status, context).toBe(200);
    const data = (answer.json as { data: Item[] }).data;
    for (const item of data) {
      if (name in item) expect(item[name], context).toBe(value);
    }
    // A filter on a field the items do not show cannot be checked item by item: it must find nothing.
    if (data.some((item) => !(name in item))) expect(data, context).toEqual([]);
  };

  it('every list operation of every service is covered', () => {
    const covered = lists.map(describeOperation);
    expect(covered).toEqual(
      expect.arrayContaining([
        'inventory-service GET /api/v1/products',
        'order-service GET /api/v1/orders',
        'payment-service GET /api/v1/payments',
        'notification-service GET /api/v1/notifications',
        'user-service GET /api/v1/users',
        'user-service GET /api/v1/audit',
      ]),
    );
    for (const list of lists) expect(unfiltered.get(list)!.length, describeOperation(list)).toBeGreaterThan(0);
  });

  it('a filter given a value the items carry narrows to exactly those items (positive control)', async () => {
    let controlled = 0;
    for (const list of lists) {
      for (const { name } of list.queryParameters) {
        const value = unfiltered.get(list)!.find((item) => typeof item[name] === 'string')?.[name] as string;
        if (value === undefined) continue;
        const answer = await call(
          stack.url(list.service),
          'GET',
          `${list.path}?${name}=${encodeURIComponent(value)}`,
          admin,
        );
        const context = `${describeOperation(list)} ?${name}=${value}`;
        expect(answer.status, context).toBe(200);
        const data = answer.body.data as Item[];
        expect(data.length, context).toBeGreaterThan(0);
        for (const item of data) expect(item[name], context).toBe(value);
        controlled++;
      }
    }
    expect(controlled).toBeGreaterThanOrEqual(lists.length);
  });

  it('metacharacters, wildcards, unicode and long values in any parameter: 200 not widened, or 400', async () => {
    for (const list of lists) {
      for (const { name } of list.queryParameters) {
        const known = unfiltered.get(list)!.find((item) => typeof item[name] === 'string')?.[name] as string;
        const values = [...hostileFilterValues, ...(known ? [`${known}' OR 1=1 --`, `${known}%`, `${known}_`] : [])];
        for (const value of values) {
          const path = `${list.path}?${name}=${encodeURIComponent(value)}`;
          const answer = await rawCall(stack.url(list.service), 'GET', path, admin);
          expectNarrowedOrRefused(list, name, value, answer);
        }
      }
    }
  });

  it('malformed escapes, non-UTF-8 bytes, arrays and objects where a scalar belongs: 400 in the envelope', async () => {
    for (const list of lists) {
      for (const { name } of list.queryParameters) {
        for (const query of rawHostileQueries(name)) {
          const answer = await rawCall(stack.url(list.service), 'GET', `${list.path}?${query}`, admin);
          const context = `${describeOperation(list)} ?${query} → ${answer.status}`;
          if (answer.status === 400) expectEnvelope(answer, 400, badRequestCodes);
          // Read literally, none of these names anything the seeded items carry.
          else expect((answer.json as { data?: Item[] })?.data, context).toEqual([]);
        }
      }
    }
  });

  it('an unknown query parameter is refused, not ignored', async () => {
    for (const list of lists) {
      const answer = await rawCall(stack.url(list.service), 'GET', `${list.path}?id=1%20OR%201%3D1`, admin);
      expectEnvelope(answer, 400, badRequestCodes);
    }
  });
});
