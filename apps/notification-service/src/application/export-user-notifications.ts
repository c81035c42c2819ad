import type { NotificationRecord } from '../domain/notification.js';
import type { NotificationHistory } from '../domain/notification.port.js';
import type { ContactDirectory } from '../domain/replica.port.js';
import type { StoredContact } from '../domain/replica.js';

export interface UserNotificationsExport {
  readonly contact: StoredContact | null;
  readonly notifications: readonly NotificationRecord[];
}

export interface ExportDeps {
  readonly history: NotificationHistory;
  readonly contacts: ContactDirectory;
}

/**
 * The notification service's share of a GDPR export: its contact replica of the user and every
 * notification about them.
 */
export async function exportUserNotifications(deps: ExportDeps, userId: string): Promise<UserNotificationsExport> {
  const contact = await deps.contacts.findContact(userId);
  const notifications = await deps.history.aboutUser(userId);
  return { contact, notifications };
}
