import { z } from 'zod';
import { NotificationHttp, UserHttp } from '@shop/contracts';
import { isValidPosition } from '@shop/persistence';

// The request and response shapes are the platform's contract (NotificationHttp and UserHttp in @shop/contracts).
export { ErrorEnvelope } from '@shop/contracts';
export const { NotificationListQuery, NotificationListResponse } = NotificationHttp;
export const { NotificationsUserExport } = UserHttp;

/**
 * What an opaque list cursor holds: the last row's sort key (created_at desc, notification_id
 * desc), created_at as Postgres's microsecond text.
 */
export const NotificationCursor = z
  .object({ created_at: z.string(), notification_id: z.uuid() })
  .strict()
  .refine((c) => isValidPosition('timestamptz', { value: c.created_at, id: c.notification_id }));
