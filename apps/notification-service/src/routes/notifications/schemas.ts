import { z } from 'zod';
import { NotificationHttp } from '@shop/contracts';

// The request and response shapes are the platform's contract (libs/contracts/src/http/notifications.ts).
export { ErrorEnvelope } from '@shop/contracts';
export const { NotificationListQuery, NotificationListResponse } = NotificationHttp;

/** What an opaque list cursor holds: the last row's sort key (created_at desc, notification_id desc). */
export const NotificationCursor = z.object({ created_at: z.iso.datetime(), notification_id: z.uuid() }).strict();
