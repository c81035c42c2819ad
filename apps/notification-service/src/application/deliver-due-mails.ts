import type { EventPublisher } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import { afterFailure, type AttemptFailure, type DeliveryPolicy } from '../domain/delivery-policy.js';
import type { Mailer } from '../domain/mailer.port.js';
import type { ClaimedNotification, SentNotification } from '../domain/notification.js';
import { planMail, type MailEvent } from '../domain/notification-plan.js';
import { renderMail } from '../domain/render-mail.js';
import { notificationRepository } from '../persistence/notification.repository.js';
import { deadLetterFailure } from './dead-letter-mail.js';

export interface MailDeliveryDeps {
  /** Claims, 'sent' and retries: one statement each, on their own. */
  readonly autocommit: Sql;
  /** 'failed' and its dead letter. */
  readonly inTransaction: Transactions;
  readonly schema: string;
  readonly mailer: Mailer;
  readonly publisher: EventPublisher;
  readonly topicNamespace: string;
  readonly policy: DeliveryPolicy;
  /** How long a claimed row stays with this sender: longer than any SMTP exchange can take. */
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly logger: Logger;
  readonly onDeadLetter?: (topic: string) => void;
  readonly clock: () => Date;
}

/**
 * One pass of the sender, outside any Kafka handler's transaction:
 * 1. claim due rows (FOR UPDATE SKIP LOCKED), count the attempt and lease them, reading their
 *    recipients from the replicas in the same statement;
 * 2. render, send over SMTP;
 * 3. record 'sent' (one statement for the pass), or a retry with backoff, or — attempts spent —
 *    'failed' plus the original event on its topic's dead-letter queue (in that transaction: no
 *    DLQ message, no 'failed').
 * Redeliveries never reach here twice (one row per event and template); only a crash between
 * SMTP acceptance and 'sent' can resend, after the lease, with the same Message-ID.
 * Returns how many rows it claimed; `onClaimed` hears their ids before anything is sent.
 */
export async function deliverDueMails(deps: MailDeliveryDeps, onClaimed: (ids: string[]) => void): Promise<number> {
  const store = notificationRepository(deps.autocommit, deps.schema);
  const now = deps.clock();
  const claimed = await store.claimDue(now, new Date(now.getTime() + deps.leaseMs), deps.batchSize);
  onClaimed(claimed.map((c) => c.notificationId));
  const sent = await Promise.all(claimed.map((c) => attempt(deps, c)));
  await recordSent(
    deps,
    sent.filter((s): s is SentNotification => s !== undefined),
  );
  return claimed.length;
}

/** Sends one claimed notification; what was sent is recorded with the rest of the pass, a failure at once. */
async function attempt(deps: MailDeliveryDeps, claimed: ClaimedNotification): Promise<SentNotification | undefined> {
  const log = { notificationId: claimed.notificationId, template: claimed.template, attempt: claimed.attempts };
  try {
    const outcome = await send(deps, claimed);
    if ('sent' in outcome) return outcome.sent;
    await recordFailure(deps, claimed, outcome.failure);
  } catch (err) {
    // The lease runs out and the row is tried again.
    deps.logger.error({ err, ...log }, 'could not record a mail attempt');
  }
  return undefined;
}

type SendOutcome = { sent: SentNotification } | { failure: AttemptFailure };

async function send(deps: MailDeliveryDeps, claimed: ClaimedNotification): Promise<SendOutcome> {
  const plan = claimed.event ? planMail(claimed.event as MailEvent) : null;
  if (!plan || plan.content.template !== claimed.template) {
    return { failure: { kind: 'smtp_error', message: 'the stored event does not describe this notification' } };
  }
  const { userId, contact, lines } = claimed.recipient;
  if (!contact || !userId) {
    const whose = userId ? `user ${userId}` : `order ${claimed.orderId}`;
    return { failure: { kind: 'contact_unknown', message: `no contact for ${whose} yet` } };
  }
  const mail = renderMail(plan.content, contact, lines);
  try {
    const messageId = `<${claimed.notificationId}@notifications.shop.local>`;
    await deps.mailer.send({ ...mail, to: contact.email, messageId });
  } catch (error) {
    return { failure: { kind: 'smtp_error', message: error instanceof Error ? error.message : String(error) } };
  }
  return { sent: { claimed, userId, recipient: contact.email, subject: mail.subject } };
}

/** Mails accepted by the relay but not recorded stay leased and are sent again (same Message-ID) after the lease. */
async function recordSent(deps: MailDeliveryDeps, sent: readonly SentNotification[]): Promise<void> {
  if (sent.length === 0) return;
  try {
    const recorded = await notificationRepository(deps.autocommit, deps.schema).markSent(sent, deps.clock());
    for (const { claimed } of sent) {
      const { notificationId, template } = claimed;
      deps.logger.info({ notificationId, template, recorded: recorded.has(notificationId) }, 'mail sent');
    }
  } catch (err) {
    deps.logger.error(
      { err, notificationIds: sent.map((s) => s.claimed.notificationId) },
      'could not record mails sent',
    );
  }
}

async function recordFailure(
  deps: MailDeliveryDeps,
  claimed: ClaimedNotification,
  failure: AttemptFailure,
): Promise<void> {
  const now = deps.clock();
  const next = afterFailure(claimed.attempts, failure, deps.policy, now, Math.random());
  const { notificationId, template, attempts } = claimed;
  const log = { notificationId, template, attempt: attempts, error: next.lastError };
  if (next.status === 'pending') {
    deps.logger.warn({ ...log, nextAttemptAt: next.nextAttemptAt }, 'mail not sent; will retry');
    await notificationRepository(deps.autocommit, deps.schema).markRetry(
      claimed,
      next.nextAttemptAt,
      next.lastError,
      now,
    );
    return;
  }
  await deps.inTransaction(async (tx) => {
    if (!(await notificationRepository(tx, deps.schema).markFailed(claimed, next.lastError, now))) return;
    const topic = await deadLetterFailure(deps.publisher, deps.topicNamespace, claimed, next.lastError, now);
    if (topic) deps.onDeadLetter?.(topic);
  });
  deps.logger.error(log, 'mail failed for good; dead-lettered');
}
