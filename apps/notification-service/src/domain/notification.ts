import type { NotificationHttp, PagePosition } from '@shop/contracts';
import type { Template } from './notification-plan.js';
import type { ContactRow, OrderLineRow } from './replica.js';

/** The triggering event as stored with its notification: enough to render it and to dead-letter it. */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly data: unknown;
}

export interface PendingNotification {
  readonly template: Template;
  readonly userId: string | null;
  readonly orderId: string | null;
  readonly sourceTopic: string;
  readonly event: StoredEvent;
}

/** Whom a claimed notification goes to, read from the replicas as it is claimed. */
export interface ClaimedRecipient {
  /** The notification's user, or the user of its order. */
  readonly userId: string | null;
  readonly contact: ContactRow | null;
  readonly lines: OrderLineRow[] | undefined;
}

export interface ClaimedNotification {
  readonly notificationId: string;
  readonly template: Template;
  readonly userId: string | null;
  readonly orderId: string | null;
  /** Including the one just claimed. */
  readonly attempts: number;
  readonly sourceTopic: string | null;
  readonly event: StoredEvent | null;
  readonly recipient: ClaimedRecipient;
}

export interface SentNotification {
  readonly claimed: ClaimedNotification;
  readonly userId: string;
  readonly recipient: string;
  readonly subject: string;
}

export type NotificationStatus = NotificationHttp.NotificationStatus;
export type NotificationTemplate = NotificationHttp.NotificationTemplate;

/** A notification as support reads it. */
export interface NotificationRecord {
  readonly notificationId: string;
  readonly eventId: string;
  readonly template: NotificationTemplate;
  readonly channel: string;
  readonly userId: string | null;
  readonly orderId: string | null;
  readonly recipient: string | null;
  readonly subject: string | null;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface NotificationListFilter {
  readonly orderId?: string;
  readonly userId?: string;
  readonly status?: NotificationStatus;
  readonly limit: number;
  readonly after?: PagePosition | null;
}
