import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, eventually } from '@shop/testing';
import { admin, call } from '../support/api.js';
import { startStack, type Stack } from '../support/stack.js';

/** What docs/api.md promises: every service refuses a revoked access token within 5 seconds. */
const revocationDeadlineMs = 5_000;
const password = 'e2e revocation correct horse';

/**
 * Access-token revocation across services, end to end: the user service records the change, the
 * inventory and order services — other processes — refuse the older tokens within 5 s.
 */
describe('access-token revocation across services', () => {
  let stack: Stack;

  beforeAll(async () => {
    // The rate limiter is on where it is in production: until the HTTP stack wires the revocation
    // check on its own, the limiter's Redis carries it.
    const limited = { RATE_LIMIT_ENABLED: 'true' };
    stack = await startStack({
      services: ['user-service', 'inventory-service', 'order-service'],
      portBase: 9100,
      env: { 'inventory-service': limited, 'order-service': limited },
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  const users = () => stack.url('user-service');
  async function signUp(name: string) {
    const email = `${name}.${randomUUID().slice(0, 8)}@example.com`;
    const registered = await call(users(), 'POST', '/api/v1/auth/register', {}, { email, password });
    expect(registered.status).toBe(201);
    return { userId: registered.body.user_id as string, email, ...(await signIn(email)) };
  }
  async function signIn(email: string) {
    const login = await call(users(), 'POST', '/api/v1/auth/login', {}, { email, password });
    expect(login.status).toBe(200);
    return { headers: bearer(login.body.access_token), refreshToken: login.body.refresh_token as string };
  }
  /** Admins pass the role check (then the empty body is a 400); others do not. */
  const createProduct = (headers: Record<string, string>) =>
    call(stack.url('inventory-service'), 'POST', '/api/v1/products', headers, {});
  const listOrders = (headers: Record<string, string>) =>
    call(stack.url('order-service'), 'GET', '/api/v1/orders', headers);
  /** Retries until `probe` answers `status`, but no later than 5 s after `since`. */
  const answersWithin = (since: number, probe: () => Promise<{ status: number; body: unknown }>, status: number) =>
    eventually(
      async () => {
        const answer = await probe();
        expect(answer.status).toBe(status);
        if (status === 401) expect(answer.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      },
      Math.max(0, since + revocationDeadlineMs - Date.now()),
      100,
    );

  it("refuses a demoted admin's older token on the inventory admin route and the order service", async () => {
    const demoted = await signUp('demoted');
    const granted = await call(users(), 'PATCH', `/api/v1/users/${demoted.userId}/role`, admin, {
      role: 'admin',
    });
    expect(granted.status).toBe(200);
    const asAdmin = await signIn(demoted.email);
    expect((await createProduct(asAdmin.headers)).status).toBe(400);
    expect((await listOrders(asAdmin.headers)).status).toBe(200);

    const changedAt = Date.now();
    const demotion = await call(users(), 'PATCH', `/api/v1/users/${demoted.userId}/role`, admin, {
      role: 'customer',
    });
    expect(demotion.status).toBe(200);
    await answersWithin(changedAt, () => createProduct(asAdmin.headers), 401);
    await answersWithin(changedAt, () => listOrders(asAdmin.headers), 401);

    // Signed in again at once: a customer now, everywhere.
    const asCustomer = await signIn(demoted.email);
    expect((await listOrders(asCustomer.headers)).status).toBe(200);
    expect((await createProduct(asCustomer.headers)).status).toBe(403);
  });

  it("refuses an erased user's token on the order service", async () => {
    const erased = await signUp('erased');
    expect((await listOrders(erased.headers)).status).toBe(200);
    const erasedAt = Date.now();
    const erasure = await call(users(), 'DELETE', '/api/v1/users/me', erased.headers, { password });
    expect(erasure.status).toBe(204);
    await answersWithin(erasedAt, () => listOrders(erased.headers), 401);
  });

  it('logout-all signs the caller out of every service and every session', async () => {
    const leaving = await signUp('leaving');
    const otherDevice = await signIn(leaving.email);
    expect((await listOrders(otherDevice.headers)).status).toBe(200);
    const loggedOutAt = Date.now();
    expect((await call(users(), 'POST', '/api/v1/auth/logout-all', leaving.headers)).status).toBe(204);
    await answersWithin(loggedOutAt, () => listOrders(leaving.headers), 401);
    await answersWithin(loggedOutAt, () => listOrders(otherDevice.headers), 401);
    for (const refreshToken of [leaving.refreshToken, otherDevice.refreshToken]) {
      const refreshed = await call(users(), 'POST', '/api/v1/auth/refresh', {}, { refresh_token: refreshToken });
      expect(refreshed.status).toBe(401);
    }
    const again = await signIn(leaving.email);
    expect((await listOrders(again.headers)).status).toBe(200);
  });
});
