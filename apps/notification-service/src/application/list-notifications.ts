import type { Page } from '@shop/contracts';
import type { NotificationListFilter, NotificationRecord } from '../domain/notification.js';
import type { NotificationHistory } from '../domain/notification.port.js';

/** Support's view of what was sent for an order, a user or in a status: one page, newest first. */
export function listNotifications(
  history: NotificationHistory,
  filter: NotificationListFilter,
): Promise<Page<NotificationRecord>> {
  return history.list(filter);
}
