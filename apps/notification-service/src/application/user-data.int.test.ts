import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEvents } from '@shop/contracts';
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

describe('GDPR: the notification service’s share of export and erasure', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let service: NotificationTestService;

  beforeAll(async () => {
    sink = await startMailSink({ port: 0 });
    env = await createTestEnvironment();
    service = await env.start(notificationService, fastSenderEnv(sink.port));
  });
  afterAll(async () => {
    await env?.stop();
    await sink?.close();
  });

  const tokenOf = (userId: string, roles: ('customer' | 'admin')[] = ['customer']) =>
    bearer(signAccessToken({ sub: userId, roles }));
  const exportOf = (userId: string, headers: Record<string, string> = {}) =>
    service.app.inject({ method: 'GET', url: `/internal/v1/users/${userId}/export`, headers });

  /** A user with a welcome mail and an order confirmation, both sent. */
  async function customerWithMail(firstName: string) {
    const user = await registerUser(service, { firstName });
    const orderId = randomUUID();
    await confirmOrder(service, user.userId, orderId);
    await eventually(
      async () =>
        expect((await notificationsOf(service, { userId: user.userId })).map((n) => n.status)).toEqual([
          'sent',
          'sent',
        ]),
      20_000,
    );
    return { ...user, orderId };
  }

  it('exports the contact replica and every notification about the caller; only to them or an admin', async () => {
    const ada = await customerWithMail('Ada');
    const bob = await customerWithMail('Bob');
    const response = await exportOf(ada.userId, tokenOf(ada.userId));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      contact: { email: ada.email, first_name: 'Ada', last_name: 'Lovelace', updated_at: expect.any(String) },
      // The welcome and the confirmation come on two topics: either may be recorded first.
      notifications: expect.arrayContaining([
        expect.objectContaining({
          template: 'welcome',
          recipient: ada.email,
          subject: 'Welcome to Shop, Ada',
          status: 'sent',
        }),
        expect.objectContaining({
          template: 'order_confirmed',
          order_id: ada.orderId,
          recipient: ada.email,
          status: 'sent',
        }),
      ]),
    });
    expect(response.json().notifications).toHaveLength(2);
    expect(response.body).not.toContain(bob.email);
    expect((await exportOf(ada.userId, tokenOf(bob.userId))).statusCode).toBe(403);
    expect((await exportOf(ada.userId)).statusCode).toBe(401);
    expect((await exportOf(ada.userId, tokenOf(randomUUID(), ['admin']))).json().notifications).toHaveLength(2);
  });

  const erasure =
    'on UserDeleted (delivered twice) forgets the contact and blanks the address and greeting of past mails';
  it(`${erasure}, nobody else’s`, async () => {
    const ada = await customerWithMail('Ada');
    const bob = await customerWithMail('Bob');
    const bobBefore = await notificationsOf(service, { userId: bob.userId });

    const deleted = await publishEvent(
      service,
      UserEvents.UserDeleted,
      { user_id: ada.userId },
      { subject: ada.userId },
    );
    await publishEvent(
      service,
      UserEvents.UserDeleted,
      { user_id: ada.userId },
      { subject: ada.userId, id: deleted.id },
    );

    await eventually(async () => expect((await exportOf(ada.userId, tokenOf(ada.userId))).json().contact).toBeNull());
    const exported = (await exportOf(ada.userId, tokenOf(ada.userId))).json();
    const byTemplate = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    expect(
      exported.notifications
        .map((n: { template: string; recipient: string | null; subject: string | null; status: string }) => [
          n.template,
          n.recipient,
          n.subject,
          n.status,
        ])
        .sort(byTemplate),
    ).toEqual([
      ['order_confirmed', null, `Your order ${ada.orderId} is confirmed`, 'sent'],
      ['welcome', null, null, 'sent'],
    ]);
    expect(JSON.stringify(exported)).not.toMatch(new RegExp(`${ada.email}|Ada`));
    await eventually(async () => {
      const { rows } = await service.db.pool.query(
        `SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1`,
        [deleted.id],
      );
      expect(rows[0].n).toBe(1);
    });
    expect(await notificationsOf(service, { userId: bob.userId })).toEqual(bobBefore);
    expect((await exportOf(bob.userId, tokenOf(bob.userId))).json().contact).toMatchObject({ email: bob.email });
  });
});
