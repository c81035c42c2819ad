import { randomUUID } from 'node:crypto';
import { OrderEvents, UserEvents } from '@shop/contracts';
import type { RunningTestService } from '@shop/service-testing';
import { publishEvent } from '@shop/service-testing';
import type { NotificationConfig } from '../config.js';

export type NotificationTestService = RunningTestService<NotificationConfig>;

/** Retries fast so a test sees backoff and give-up in a second or two. */
export const fastSenderEnv = (smtpPort: number, maxAttempts = 50): Record<string, string> => ({
  SMTP_PORT: String(smtpPort),
  SMTP_TIMEOUT_MS: '2000',
  NOTIFICATION_MAX_ATTEMPTS: String(maxAttempts),
  NOTIFICATION_RETRY_BASE_MS: '100',
  NOTIFICATION_RETRY_MAX_MS: '400',
  NOTIFICATION_WORKER_POLL_MS: '200',
});

export interface NotificationRow {
  notification_id: string;
  event_id: string;
  template: string;
  user_id: string | null;
  order_id: string | null;
  recipient: string | null;
  subject: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  event: unknown;
}

export async function notificationsOf(
  service: NotificationTestService,
  where: { orderId?: string; userId?: string },
): Promise<NotificationRow[]> {
  const { rows } = await service.db.pool.query<NotificationRow>(
    'SELECT notification_id::text, event_id::text, template, user_id::text, order_id::text, recipient, subject, ' +
      'status, attempts, last_error, event\n' +
      '       FROM notifications WHERE ($1::uuid IS NULL OR order_id = $1::uuid) ' +
      'AND ($2::uuid IS NULL OR user_id = $2::uuid) ORDER BY created_at',
    [where.orderId ?? null, where.userId ?? null],
  );
  return rows;
}

export async function registerUser(
  service: NotificationTestService,
  user: { firstName?: string | null; email?: string } = {},
) {
  const userId = randomUUID();
  const data = {
    user_id: userId,
    email: user.email ?? `u-${userId.slice(0, 8)}@example.com`,
    first_name: user.firstName ?? 'Ada',
    last_name: 'Lovelace',
    role: 'customer' as const,
  };
  const event = await publishEvent(service, UserEvents.UserRegistered, data, { subject: userId });
  return { userId, email: data.email, event };
}

export const orderConfirmed = (userId: string, orderId: string = randomUUID()) => ({
  order_id: orderId,
  user_id: userId,
  total_cents: 11476,
  currency: 'USD',
});

export const confirmOrder = (
  service: NotificationTestService,
  userId: string,
  orderId: string = randomUUID(),
  id?: string,
) => publishEvent(service, OrderEvents.OrderConfirmed, orderConfirmed(userId, orderId), id ? { id } : {});
