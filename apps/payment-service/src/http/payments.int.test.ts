import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents, PaymentListResponse, PaymentResponse } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  fastWorkerEnv,
  orderPlaced,
  paymentOf,
  placeReservedOrder,
  publish,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

describe('payments API (support and admin)', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;
  let orderId: string;
  let paymentId: string;
  const support = bearer(signAccessToken({ roles: ['support'] }));
  const admin = bearer(signAccessToken({ roles: ['admin'] }));
  const customer = bearer(signAccessToken({ roles: ['customer'] }));

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
    orderId = await placeReservedOrder(service, 'tok_processing_error');
    paymentId = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('authorized');
      return row!.payment_id;
    });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    service.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'req-payments-1', ...headers } });

  it('shows support a payment with its attempts, money as a decimal', async () => {
    const response = await get(`/api/v1/payments/${paymentId}`, support);
    expect(response.statusCode).toBe(200);
    const body = PaymentResponse.parse(response.json());
    expect(body).toMatchObject({
      payment_id: paymentId,
      order_id: orderId,
      amount: 34.05,
      currency: 'USD',
      status: 'authorized',
      payment_method: 'card',
      method: 'Visa ending in 0119',
      transaction_id: expect.stringMatching(/^txn_/),
      failure: null,
      next_attempt_at: null,
    });
    expect(body.attempts.map((a) => [a.operation, a.outcome, a.error_code])).toEqual([
      ['authorize', 'error', 'processing_error'],
      ['authorize', 'error', 'processing_error'],
      ['authorize', 'succeeded', null],
    ]);
    expect((await get(`/api/v1/payments/${paymentId}`, admin)).statusCode).toBe(200);
  });

  it('lists payments by order, newest first, with cursor pagination', async () => {
    const byOrder = await get(`/api/v1/payments?order_id=${orderId}`, support);
    expect(byOrder.statusCode).toBe(200);
    expect(PaymentListResponse.parse(byOrder.json())).toEqual({
      data: [
        expect.objectContaining({ payment_id: paymentId, order_id: orderId, amount: 34.05, status: 'authorized' }),
      ],
      pagination: { next_cursor: null, has_more: false },
    });

    const more = await Promise.all(
      [randomUUID(), randomUUID(), randomUUID()].map(async (id) => {
        await publish(service, OrderEvents.OrderPlaced, orderPlaced(id, 'tok_visa_4242', 1000));
        return id;
      }),
    );
    await eventually(async () => {
      for (const id of more) expect(await paymentOf(service, id)).toBeDefined();
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`, support);
      expect(page.statusCode).toBe(200);
      const body = PaymentListResponse.parse(page.json());
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((p) => p.order_id));
      cursor = body.pagination.next_cursor;
      expect(body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set([orderId, ...more]));

    const pending = PaymentListResponse.parse((await get(`/api/v1/payments?status=pending`, support)).json());
    expect(new Set(pending.data.map((p) => p.order_id))).toEqual(new Set(more));
  });

  it('pages through payments created within one millisecond, each seen exactly once', async () => {
    const sameMillisecond = [1, 2, 3, 4, 5].map((n) => `2026-01-01T00:00:00.12300${n}Z`);
    const ids = await Promise.all(
      sameMillisecond.map(async (createdAt) => {
        const { rows } = await service.infra.pool.query<{ payment_id: string }>(
          `INSERT INTO payments
           (order_id, user_id, amount_cents, payment_method, provider_token, status, created_at, updated_at)
         VALUES ($1, $2, 1000, 'card', 'tok_visa_4242', 'failed', $3, $3) RETURNING payment_id::text`,
          [randomUUID(), randomUUID(), createdAt],
        );
        return rows[0]!.payment_id;
      }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/payments?status=failed&limit=2${cursor ? `&cursor=${cursor}` : ''}`, support);
      expect(page.statusCode).toBe(200);
      const body = PaymentListResponse.parse(page.json());
      seen.push(...body.data.map((p) => p.payment_id));
      cursor = body.pagination.next_cursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([
    ['no token', {}, 401, 'UNAUTHORIZED'],
    ['a customer', customer, 403, 'FORBIDDEN'],
    ['a bad token', { authorization: 'Bearer nope' }, 401, 'UNAUTHORIZED'],
  ] as const)('refuses %s with the error envelope', async (_who, headers, status, code) => {
    for (const url of [`/api/v1/payments/${randomUUID()}`, `/api/v1/payments?order_id=${orderId}`]) {
      const response = await get(url, headers);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({
        error: { code, message: expect.any(String), request_id: 'req-payments-1', timestamp: expect.any(String) },
      });
    }
  });

  it('answers 404 in the envelope for an unknown payment, and 400 for a malformed id or cursor', async () => {
    const missing = await get(`/api/v1/payments/${randomUUID()}`, support);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND', request_id: 'req-payments-1' } });
    const malformed = await get('/api/v1/payments/not-a-uuid', support);
    expect(malformed.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    expect((await get('/api/v1/payments?cursor=garbage', support)).statusCode).toBe(400);
    expect((await get('/api/v1/payments?surprise=1', support)).statusCode).toBe(400);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, unknown> };
    const documented = ['/api/v1/payments/{payment_id}', '/api/v1/payments'];
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(documented));
  });
});
