import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationHttp, OrderEvents } from '@shop/contracts';
import { createTestEnvironment, publishEvent, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import { startMailSink, type MailSink } from '../../mail-sink/mail-sink.js';
import { notificationService } from '../../service.js';
import { confirmOrder, fastSenderEnv, notificationsOf, registerUser, type NotificationTestService } from '../../test-support/notification-fixture.js';

describe('notifications API (support and admin)', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let service: NotificationTestService;
  let orderId: string;
  const support = bearer(signAccessToken({ roles: ['support'] }));
  const admin = bearer(signAccessToken({ roles: ['admin'] }));
  const customer = bearer(signAccessToken({ roles: ['customer'] }));
  const get = (url: string, headers: Record<string, string> = {}) => service.app.inject({ method: 'GET', url, headers: { ...headers, 'x-request-id': 'req-notifications-1' } });

  beforeAll(async () => {
    sink = await startMailSink({ port: 0 });
    env = await createTestEnvironment();
    service = await env.start(notificationService, fastSenderEnv(sink.port));
    const { userId } = await registerUser(service);
    orderId = randomUUID();
    await confirmOrder(service, userId, orderId);
    await publishEvent(service, OrderEvents.OrderStatusChanged, { order_id: orderId, user_id: userId, from: 'processing', to: 'shipped', carrier: 'DHL', tracking_number: 'JD1' });
    await publishEvent(service, OrderEvents.OrderCancelled, { order_id: orderId, user_id: userId, previous_status: 'shipped', reason: 'support_request' });
    await eventually(async () => expect((await notificationsOf(service, { orderId })).map((n) => n.status)).toEqual(['sent', 'sent', 'sent']));
  });
  afterAll(async () => {
    await env?.stop();
    await sink?.close();
  });

  it('lists an order\'s notifications, newest first, with cursor pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/notifications?order_id=${orderId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, support);
      expect(page.statusCode).toBe(200);
      const body = NotificationHttp.NotificationListResponse.parse(page.json());
      expect(body.data.length).toBeLessThanOrEqual(2);
      for (const n of body.data) expect(n).toMatchObject({ order_id: orderId, status: 'sent', channel: 'email', attempts: 1, recipient: expect.stringContaining('@') });
      seen.push(...body.data.map((n) => n.template));
      cursor = body.pagination.next_cursor;
      expect(body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(['order_confirmed', 'order_shipped', 'order_cancelled']));
    expect(seen).toHaveLength(3);
    expect((await get(`/api/v1/notifications?order_id=${orderId}`, admin)).statusCode).toBe(200);
    expect(NotificationHttp.NotificationListResponse.parse((await get(`/api/v1/notifications?order_id=${randomUUID()}`, support)).json()).data).toEqual([]);
  });

  it.each([
    ['no token', {}, 401, 'UNAUTHORIZED'],
    ['a bad token', { authorization: 'Bearer nope' }, 401, 'UNAUTHORIZED'],
    ['a customer', customer, 403, 'FORBIDDEN'],
  ] as const)('refuses %s with the error envelope', async (_who, headers, status, code) => {
    const response = await get(`/api/v1/notifications?order_id=${orderId}`, headers);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String), request_id: 'req-notifications-1', timestamp: expect.any(String) } });
  });

  it('answers 400 for a malformed order id, cursor or unknown parameter', async () => {
    for (const query of ['order_id=nope', 'cursor=garbage', 'surprise=1', 'limit=0']) {
      const response = await get(`/api/v1/notifications?${query}`, support);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    }
  });
});
