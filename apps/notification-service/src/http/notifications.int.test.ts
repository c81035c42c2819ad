import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationHttp, OrderEvents } from '@shop/contracts';
import { createTestEnvironment, publishEvent, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import { startMailSink, type MailSink } from '../test-support/mail-sink.js';
import { notificationService } from '../service.js';
import {
  confirmOrder,
  fastSenderEnv,
  notificationsOf,
  registerUser,
  type NotificationTestService,
} from '../test-support/notification-fixture.js';

describe('notifications API (support and admin)', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let service: NotificationTestService;
  let orderId: string;
  const support = bearer(signAccessToken({ roles: ['support'] }));
  const admin = bearer(signAccessToken({ roles: ['admin'] }));
  const customer = bearer(signAccessToken({ roles: ['customer'] }));
  const get = (url: string, headers: Record<string, string> = {}) =>
    service.app.inject({ method: 'GET', url, headers: { ...headers, 'x-request-id': 'req-notifications-1' } });

  beforeAll(async () => {
    sink = await startMailSink({ port: 0 });
    env = await createTestEnvironment();
    service = await env.start(notificationService, fastSenderEnv(sink.port));
    const { userId } = await registerUser(service);
    orderId = randomUUID();
    await confirmOrder(service, userId, orderId);
    await publishEvent(service, OrderEvents.OrderStatusChanged, {
      order_id: orderId,
      user_id: userId,
      from: 'processing',
      to: 'shipped',
      carrier: 'DHL',
      tracking_number: 'JD1',
    });
    await publishEvent(service, OrderEvents.OrderCancelled, {
      order_id: orderId,
      user_id: userId,
      previous_status: 'shipped',
      reason: 'support_request',
    });
    await eventually(async () =>
      expect((await notificationsOf(service, { orderId })).map((n) => n.status)).toEqual(['sent', 'sent', 'sent']),
    );
  });
  afterAll(async () => {
    await env?.stop();
    await sink?.close();
  });

  it("lists an order's notifications, newest first, with cursor pagination", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/api/v1/notifications?order_id=${orderId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        support,
      );
      expect(page.statusCode).toBe(200);
      const body = NotificationHttp.NotificationListResponse.parse(page.json());
      expect(body.data.length).toBeLessThanOrEqual(2);
      for (const n of body.data)
        expect(n).toMatchObject({
          order_id: orderId,
          status: 'sent',
          channel: 'email',
          attempts: 1,
          recipient: expect.stringContaining('@'),
        });
      seen.push(...body.data.map((n) => n.template));
      cursor = body.pagination.next_cursor;
      expect(body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(['order_confirmed', 'order_shipped', 'order_cancelled']));
    expect(seen).toHaveLength(3);
    expect((await get(`/api/v1/notifications?order_id=${orderId}`, admin)).statusCode).toBe(200);
    expect(
      NotificationHttp.NotificationListResponse.parse(
        (await get(`/api/v1/notifications?order_id=${randomUUID()}`, support)).json(),
      ).data,
    ).toEqual([]);
  });

  it('pages through notifications that share one millisecond, each seen exactly once', async () => {
    const [sharedOrder, sharedUser] = [randomUUID(), randomUUID()];
    const inserted: string[] = [];
    for (const micros of [1, 2, 3, 4, 5, 6, 7]) {
      const { rows } = await service.db.pool.query<{ notification_id: string }>(
        `INSERT INTO notifications (event_id, template, user_id, order_id, recipient, subject, status, created_at)
         VALUES ($1, 'order_confirmed', $2, $3, 'a@example.com', 'Your order', 'sent', $4::timestamptz)
         RETURNING notification_id::text`,
        [randomUUID(), sharedUser, sharedOrder, `2026-01-01T00:00:00.12300${micros}Z`],
      );
      inserted.push(rows[0]!.notification_id);
    }
    for (const filter of [`order_id=${sharedOrder}`, `user_id=${sharedUser}`]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`/api/v1/notifications?${filter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, support);
        expect(page.statusCode).toBe(200);
        const body = NotificationHttp.NotificationListResponse.parse(page.json());
        seen.push(...body.data.map((n) => n.notification_id));
        cursor = body.pagination.next_cursor;
      } while (cursor && seen.length <= inserted.length);
      // Newest first: the last inserted (latest microsecond) comes first.
      expect(seen).toEqual([...inserted].reverse());
    }
  });

  it.each([
    ['no token', {}, 401, 'UNAUTHORIZED'],
    ['a bad token', { authorization: 'Bearer nope' }, 401, 'UNAUTHORIZED'],
    ['a customer', customer, 403, 'FORBIDDEN'],
  ] as const)('refuses %s with the error envelope', async (_who, headers, status, code) => {
    const response = await get(`/api/v1/notifications?order_id=${orderId}`, headers);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({
      error: { code, message: expect.any(String), request_id: 'req-notifications-1', timestamp: expect.any(String) },
    });
  });

  it('answers 400 for a malformed order id, cursor or unknown parameter', async () => {
    const millisecondCursor = Buffer.from(
      JSON.stringify({ created_at: '2026-01-01T00:00:00.123Z', notification_id: randomUUID() }),
    ).toString('base64url');
    for (const query of ['order_id=nope', 'cursor=garbage', `cursor=${millisecondCursor}`, 'surprise=1', 'limit=0']) {
      const response = await get(`/api/v1/notifications?${query}`, support);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    }
  });
});
