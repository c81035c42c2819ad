import type pg from 'pg';
import { WakeLoop, type EventPublisher } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import { afterFailure, type AttemptFailure, type DeliveryPolicy } from '../domain/delivery-policy.js';
import type { Mailer } from '../domain/mailer.port.js';
import { planMail, type MailEvent } from '../domain/notification-plan.js';
import { renderMail } from '../domain/render-mail.js';
import { notificationStore, sendChannel, type ClaimedNotification, type SentNotification } from '../persistence/notification-store.js';
import { deadLetterFailure } from './dead-letter.js';

export interface MailSenderOptions {
  /** The service's pool (search_path: its schema). */
  readonly pool: pg.Pool;
  readonly schema: string;
  /** For the LISTEN connection (same database and role as the pool). */
  readonly listenConnection: pg.ClientConfig;
  readonly mailer: Mailer;
  readonly publisher: EventPublisher;
  readonly topicNamespace: string;
  readonly policy: DeliveryPolicy;
  /** How long a claimed row stays with this sender: longer than any SMTP exchange can take. */
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly batchSize: number;
  readonly logger: Logger;
  readonly onDeadLetter?: (topic: string) => void;
  readonly clock?: () => Date;
}

/**
 * Sends the pending notifications, outside any Kafka handler's transaction:
 * 1. claim due rows (FOR UPDATE SKIP LOCKED), count the attempt and lease them, reading their
 *    recipients from the replicas in the same statement;
 * 2. render, send over SMTP;
 * 3. record 'sent' (one statement for the pass), or a retry with backoff, or — attempts spent —
 *    'failed' plus the original event on its topic's dead-letter queue (in that transaction: no
 *    DLQ message, no 'failed').
 * Woken by NOTIFY when a consumer records a notification (unless this sender already claimed
 * it), and by a short poll.
 * Redeliveries never reach here twice (one row per event and template); only a crash between
 * SMTP acceptance and 'sent' can resend, after the lease, with the same Message-ID.
 */
export class MailSenderWorker {
  private readonly clock: () => Date;
  private readonly loop: WakeLoop;
  private readonly store: ReturnType<typeof notificationStore>;
  private readonly inTransaction: ReturnType<typeof transactions>;

  constructor(private readonly options: MailSenderOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.store = notificationStore(sqlOn(options.pool), options.schema);
    this.inTransaction = transactions(options.pool);
    this.loop = new WakeLoop({
      name: 'mail sender',
      listenConnection: options.listenConnection,
      channel: sendChannel(options.schema),
      pollMs: options.pollMs,
      run: () => this.drain(),
      logger: options.logger,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.options.mailer.close();
  }

  wake(): void {
    this.loop.wake();
  }

  private async drain(): Promise<void> {
    while (!this.loop.isStopped) {
      const now = this.clock();
      const claimed = await this.store.claimDue(now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize);
      this.loop.handled(claimed.map((c) => c.notificationId));
      const sent = await Promise.all(claimed.map((c) => this.attempt(c)));
      await this.recordSent(sent.filter((s): s is SentNotification => s !== undefined));
      if (claimed.length < this.options.batchSize) return;
    }
  }

  /** Sends one claimed notification; what was sent is recorded with the rest of the pass, a failure at once. */
  private async attempt(claimed: ClaimedNotification): Promise<SentNotification | undefined> {
    const log = { notificationId: claimed.notificationId, template: claimed.template, attempt: claimed.attempts };
    try {
      const outcome = await this.send(claimed);
      if ('sent' in outcome) return outcome.sent;
      await this.recordFailure(claimed, outcome.failure);
    } catch (err) {
      // The lease runs out and the row is tried again.
      this.options.logger.error({ err, ...log }, 'could not record a mail attempt');
    }
    return undefined;
  }

  private async send(claimed: ClaimedNotification): Promise<{ sent: SentNotification } | { failure: AttemptFailure }> {
    const plan = claimed.event ? planMail(claimed.event as MailEvent) : null;
    if (!plan || plan.content.template !== claimed.template) return { failure: { kind: 'smtp_error', message: 'the stored event does not describe this notification' } };
    const { userId, contact, lines } = claimed.recipient;
    if (!contact || !userId) return { failure: { kind: 'contact_unknown', message: `no contact for ${userId ? `user ${userId}` : `order ${claimed.orderId}`} yet` } };
    const mail = renderMail(plan.content, contact, lines);
    try {
      await this.options.mailer.send({ ...mail, to: contact.email, messageId: `<${claimed.notificationId}@notifications.shop.local>` });
    } catch (error) {
      return { failure: { kind: 'smtp_error', message: error instanceof Error ? error.message : String(error) } };
    }
    return { sent: { claimed, userId, recipient: contact.email, subject: mail.subject } };
  }

  /** Mails accepted by the relay but not recorded stay leased and are sent again (same Message-ID) after the lease. */
  private async recordSent(sent: readonly SentNotification[]): Promise<void> {
    if (sent.length === 0) return;
    try {
      const recorded = await this.store.markSent(sent, this.clock());
      for (const { claimed } of sent) {
        this.options.logger.info({ notificationId: claimed.notificationId, template: claimed.template, recorded: recorded.has(claimed.notificationId) }, 'mail sent');
      }
    } catch (err) {
      this.options.logger.error({ err, notificationIds: sent.map((s) => s.claimed.notificationId) }, 'could not record mails sent');
    }
  }

  private async recordFailure(claimed: ClaimedNotification, failure: AttemptFailure): Promise<void> {
    const now = this.clock();
    const next = afterFailure(claimed.attempts, failure, this.options.policy, now, Math.random());
    const log = { notificationId: claimed.notificationId, template: claimed.template, attempt: claimed.attempts, error: next.lastError };
    if (next.status === 'pending') {
      this.options.logger.warn({ ...log, nextAttemptAt: next.nextAttemptAt }, 'mail not sent; will retry');
      await this.store.markRetry(claimed, next.nextAttemptAt, next.lastError, now);
      return;
    }
    await this.inTransaction(async (tx) => {
      if (!(await notificationStore(tx, this.options.schema).markFailed(claimed, next.lastError, now))) return;
      const topic = await deadLetterFailure(this.options.publisher, this.options.topicNamespace, claimed, next.lastError, now);
      if (topic) this.options.onDeadLetter?.(topic);
    });
    this.options.logger.error(log, 'mail failed for good; dead-lettered');
  }
}
