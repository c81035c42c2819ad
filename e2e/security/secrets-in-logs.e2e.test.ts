import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '@shop/contracts';
import { bearer, eventually } from '@shop/testing';
import { admin, call, createProduct, shippingAddress } from '../support/api.js';
import { startStack, type Stack } from '../support/stack.js';

const everyService: ServiceName[] = [
  'user-service',
  'inventory-service',
  'order-service',
  'payment-service',
  'notification-service',
];

/**
 * No secret in any log line (docs/architecture.md, logs): the five services as processes, logging
 * everything they can (`trace`), driven through sign-up, sign-in, token refresh, orders paid by card
 * and requests refused for a bad body that carries a password and a card token. Every line every
 * process wrote is then searched for each of those secrets.
 */
describe('secrets in logs, end to end', () => {
  let stack: Stack;
  let stopped = false;
  const logs = new Map<string, () => string>();

  beforeAll(async () => {
    const logEverything = { LOG_LEVEL: 'trace' };
    stack = await startStack({
      services: everyService,
      portBase: 8400,
      env: Object.fromEntries(everyService.map((name) => [name, logEverything])),
    });
    // What each process wrote until now (its start-up) and, from here on, every line it writes.
    for (const [name, process] of stack.processes) {
      let written = process.output();
      process.child.stdout?.on('data', (chunk) => (written += chunk));
      process.child.stderr?.on('data', (chunk) => (written += chunk));
      logs.set(name, () => written);
    }
  }, 180_000);
  afterAll(async () => {
    if (!stopped) await stack?.stop();
  });

  const requestIds: string[] = [];
  /** A call with its own X-Request-Id, which the access log line of the request carries. */
  const traced = (
    service: ServiceName,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const requestId = `secrets-${randomUUID()}`;
    requestIds.push(requestId);
    return call(stack.url(service), method, path, { ...headers, 'x-request-id': requestId }, body);
  };

  it('writes none of the password, tokens and card tokens it was given to any log line', async () => {
    const email = `secrets.${randomUUID().slice(0, 8)}@example.com`;
    const password = `pw-${randomUUID()}`;
    const approvedCard = `tok_visa_${String(randomInt(1000, 10_000))}`;
    const unknownCard = `tok_unknown_${randomUUID().replaceAll('-', '')}`;
    const registered = await traced('user-service', 'POST', '/api/v1/auth/register', {}, { email, password });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const login = await traced('user-service', 'POST', '/api/v1/auth/login', {}, { email, password });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const refreshed = await traced(
      'user-service',
      'POST',
      '/api/v1/auth/refresh',
      {},
      {
        refresh_token: login.body.refresh_token,
      },
    );
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    const customer = bearer(refreshed.body.access_token);

    const productId = await createProduct(stack, { name: 'Card reader', price: 12.5, stock: 10 });
    const order = (token: string, extra: object = {}) =>
      traced(
        'order-service',
        'POST',
        '/api/v1/orders',
        { ...customer, prefer: 'wait=10' },
        {
          items: [{ product_id: productId, quantity: 1 }],
          shipping_address: shippingAddress,
          payment_method: { type: 'card', token },
          ...extra,
        },
      );
    const confirmed = await order(approvedCard);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    const declined = await order(unknownCard);
    expect(declined.status, JSON.stringify(declined.body)).toBe(422);
    const declinedOrderId = declined.body.error.details.order_id as string;
    // The payment saga names an order in its log when the order's cancellation finds the payment failed.
    await eventually(async () => {
      const handled = await stack.query(
        `SELECT 1 FROM "${stack.schemas['order-service']}".outbox o
           JOIN "${stack.schemas['payment-service']}".processed_events p ON p.event_id = o.event_id
          WHERE o.event_type LIKE '%order.cancelled%' AND strpos(o.payload::text, $1) > 0`,
        [declinedOrderId],
      );
      expect(handled).toHaveLength(1);
    }, 30_000);

    // Refused for their bodies, which carry the secrets where they do not belong.
    const badOrder = await order(approvedCard, { password, access_token: refreshed.body.access_token, items: [] });
    expect(badOrder.status).toBe(400);
    const badSignUp = await traced(
      'user-service',
      'POST',
      '/api/v1/auth/register',
      {},
      {
        email: 'not-an-email',
        password,
        card_token: unknownCard,
      },
    );
    expect(badSignUp.status).toBe(400);
    const badRefresh = await traced(
      'user-service',
      'POST',
      '/api/v1/auth/refresh',
      {},
      {
        refresh_token: refreshed.body.refresh_token,
        password,
      },
    );
    expect(badRefresh.status).toBe(400);
    const wrongPassword = await traced(
      'user-service',
      'POST',
      '/api/v1/auth/login',
      {},
      {
        email,
        password: `${password}-wrong`,
      },
    );
    expect(wrongPassword.status).toBe(401);

    // The buffered log lines are written when the processes exit.
    await stack.stop();
    stopped = true;

    const written = [...logs].map(([name, text]) => ({ name, lines: text().split('\n').filter(Boolean) }));
    const all = written.flatMap((w) => w.lines).join('\n');
    for (const { name, lines } of written) expect(lines.length, `${name} wrote nothing`).toBeGreaterThan(0);
    for (const requestId of requestIds) expect(all, `no log line of request ${requestId}`).toContain(requestId);
    expect(all, `no log line names order ${declinedOrderId}`).toContain(declinedOrderId);

    const secrets = {
      password,
      'access token': login.body.access_token as string,
      'refresh token': login.body.refresh_token as string,
      'refreshed access token': refreshed.body.access_token as string,
      'refreshed refresh token': refreshed.body.refresh_token as string,
      'admin access token': admin.authorization!.replace(/^Bearer /, ''),
      'approved card token': approvedCard,
      'unknown card token': unknownCard,
    };
    for (const { name, lines } of written) {
      for (const [kind, value] of Object.entries(secrets)) {
        const leaking = lines.filter((line) => line.includes(value));
        expect(leaking, `${name} logged the ${kind}`).toEqual([]);
      }
    }
  }, 180_000);
});
