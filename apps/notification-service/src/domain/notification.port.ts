import type { Page } from '@shop/contracts';
import type {
  ClaimedNotification,
  NotificationListFilter,
  NotificationRecord,
  PendingNotification,
  SentNotification,
} from './notification.js';
import type { OrderRecipientRow } from './replica.js';

/** The notifications to send and their delivery state, on the connection or transaction it was made on. */
export interface NotificationRepository {
  /**
   * The record of the mail to send, and a NOTIFY (on commit) naming it; a second record for the
   * same event and template is a no-op. An order event's replica upsert rides along.
   */
  recordPending(notification: PendingNotification, at: Date, order?: OrderRecipientRow): Promise<void>;
  /** A contact arrived: what waits for it is due now, and the senders are told. */
  wakeWaitingFor(userId: string, at: Date): Promise<void>;
  /** Due notifications no other sender holds, their attempt counted and leased until `leaseUntil`. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]>;
  /** Records a pass's mails as sent, each only if still the claimed attempt; returns the ids recorded. */
  markSent(sent: readonly SentNotification[], at: Date): Promise<Set<string>>;
  markRetry(claimed: ClaimedNotification, nextAttemptAt: Date, lastError: string, at: Date): Promise<boolean>;
  markFailed(claimed: ClaimedNotification, lastError: string, at: Date): Promise<boolean>;
}

/** What was sent, as support and the user's export read it, outside any transaction. */
export interface NotificationHistory {
  /** Newest first, one keyset page. */
  list(filter: NotificationListFilter): Promise<Page<NotificationRecord>>;
  /** Every notification about the user, by user or through one of their orders, oldest first. */
  aboutUser(userId: string): Promise<NotificationRecord[]>;
}
