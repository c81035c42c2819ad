import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, eventually } from '@shop/testing';
import { call, createProduct, shippingAddress } from './support/api.js';
import { startStack, type Stack } from './support/stack.js';

const portBase = 8100;

/**
 * GDPR rights across the platform (docs/api.md, privacy), end to end: the five services as processes.
 * "GDPR export contains the user's data and erase removes it from every service's replica."
 */
describe('GDPR export and erasure, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      services: ['user-service', 'inventory-service', 'order-service', 'payment-service', 'notification-service'],
      portBase,
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  const users = () => stack.url('user-service');
  const exportOf = (headers: Record<string, string>) => call(users(), 'GET', '/api/v1/users/me/export', headers);
  const inSchema = (
    service: 'order-service' | 'payment-service' | 'notification-service',
    sql: string,
    params: unknown[],
  ) => stack.query(sql.replace('{schema}', `"${stack.schemas[service]}"`), params);

  async function signedIn(firstName: string) {
    const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.com`;
    const password = 'e2e gdpr correct horse';
    const registered = await call(
      users(),
      'POST',
      '/api/v1/auth/register',
      {},
      { email, password, first_name: firstName, last_name: 'Lovelace' },
    );
    expect(registered.status).toBe(201);
    const login = await call(users(), 'POST', '/api/v1/auth/login', {}, { email, password });
    expect(login.status).toBe(200);
    return { userId: registered.body.user_id as string, email, password, headers: bearer(login.body.access_token) };
  }

  it("exports the caller's orders, payments and mails, erases them everywhere, then refuses the account", async () => {
    const productId = await createProduct(stack, { name: 'Privacy screen', price: 24.5, stock: 10 });
    const ada = await signedIn('Ada');
    const bob = await signedIn('Bob');
    const placed = await call(
      stack.url('order-service'),
      'POST',
      '/api/v1/orders',
      { ...ada.headers, prefer: 'wait=10' },
      {
        items: [{ product_id: productId, quantity: 1 }],
        shipping_address: shippingAddress,
        payment_method: { type: 'card', token: 'tok_visa_4242' },
      },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderId: string = placed.body.order_id;

    const exported = await eventually(
      async () => {
        const response = await exportOf(ada.headers);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(response.body.notifications.notifications.map((n: { template: string }) => n.template)).toEqual(
          expect.arrayContaining(['welcome', 'order_confirmed']),
        );
        return response.body;
      },
      30_000,
      250,
    );
    expect(exported.user).toMatchObject({ user_id: ada.userId, email: ada.email, first_name: 'Ada', tier: 'standard' });
    expect(exported.orders).toEqual([
      expect.objectContaining({
        order_id: orderId,
        status: 'confirmed',
        shipping_address: shippingAddress,
        items: [expect.objectContaining({ product_id: productId })],
      }),
    ]);
    expect(exported.payments).toEqual([
      expect.objectContaining({
        order_id: orderId,
        user_id: ada.userId,
        status: 'authorized',
        method: expect.stringMatching(/4242/),
      }),
    ]);
    expect(exported.notifications.contact).toMatchObject({ email: ada.email, first_name: 'Ada' });
    expect(exported.audit.map((e: { action: string }) => e.action)).toContain('data.exported');
    expect(JSON.stringify(exported)).not.toContain(bob.email);

    // Erasure asks for the password again: a wrong one erases nothing.
    const refused = await call(users(), 'DELETE', '/api/v1/users/me', ada.headers, { password: 'not ada at all' });
    expect(refused.status).toBe(401);
    expect((await call(users(), 'GET', '/api/v1/users/me', ada.headers)).status).toBe(200);
    expect((await call(users(), 'DELETE', '/api/v1/users/me', ada.headers, { password: ada.password })).status).toBe(
      204,
    );

    await eventually(
      async () => {
        const [order] = await inSchema(
          'order-service',
          'SELECT shipping_address FROM {schema}.orders WHERE order_id = $1',
          [orderId],
        );
        expect(order!.shipping_address).toMatchObject({
          name: '[erased]',
          street: '[erased]',
          zip: '[erased]',
          country: shippingAddress.country,
        });
        const contacts = await inSchema('notification-service', 'SELECT 1 FROM {schema}.contacts WHERE user_id = $1', [
          ada.userId,
        ]);
        expect(contacts).toHaveLength(0);
        const [payment] = await inSchema(
          'payment-service',
          'SELECT provider_token, method_description, amount_cents FROM {schema}.payments WHERE order_id = $1',
          [orderId],
        );
        expect(payment).toMatchObject({
          provider_token: '[erased]',
          method_description: null,
          amount_cents: Math.round(placed.body.total * 100),
        });
      },
      30_000,
      250,
    );
    const addressed = await inSchema(
      'notification-service',
      'SELECT count(*)::int AS n FROM {schema}.notifications WHERE recipient = $1 OR event::text LIKE $2',
      [ada.email, `%${ada.email}%`],
    );
    expect(addressed[0]!.n).toBe(0);
    // The other customer's data is untouched.
    expect(
      await inSchema('notification-service', 'SELECT email FROM {schema}.contacts WHERE user_id = $1', [bob.userId]),
    ).toEqual([{ email: bob.email }]);

    // The erased account's token (still unexpired) exports nothing.
    const after = await exportOf(ada.headers);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 503 naming the service that is down instead of a partial export', async () => {
    const grace = await signedIn('Grace');
    await stack.kill('notification-service');
    const response = await exportOf(grace.headers);
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { services: ['notification-service'] },
    });
    await stack.restart('notification-service');
    expect((await exportOf(grace.headers)).status).toBe(200);
  });
});
