import type pg from 'pg';
import { WakeLoop, type EventPublisher } from '@shop/messaging';
import type { Logger } from '@shop/telemetry';
import { afterFailure, type AttemptFailure, type DeliveryPolicy } from '../domain/delivery-policy.js';
import type { Mailer } from '../domain/mailer.port.js';
import { planMail, type MailEvent } from '../domain/notification-plan.js';
import { renderMail } from '../domain/render-mail.js';
import type { NotificationPrisma } from '../persistence/prisma.js';
import { findRecipient } from '../persistence/replica-store.js';
import { notificationStore, sendChannel, type ClaimedNotification } from '../persistence/notification-store.js';
import { deadLetterFailure } from './dead-letter.js';

export interface MailSenderOptions {
  readonly prisma: NotificationPrisma;
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
 * 1. claim due rows (FOR UPDATE SKIP LOCKED), count the attempt and lease them;
 * 2. find the recipient in the contact replica, render, send over SMTP;
 * 3. record 'sent', or a retry with backoff, or — attempts spent — 'failed' plus the original
 *    event on its topic's dead-letter queue (in that transaction: no DLQ message, no 'failed').
 * Woken by NOTIFY when a consumer records a notification, and by a short poll.
 * Redeliveries never reach here twice (one row per event and template); only a crash between
 * SMTP acceptance and 'sent' can resend, after the lease, with the same Message-ID.
 */
export class MailSenderWorker {
  private readonly clock: () => Date;
  private readonly loop: WakeLoop;

  constructor(private readonly options: MailSenderOptions) {
    this.clock = options.clock ?? (() => new Date());
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
    const store = notificationStore(this.options.prisma, this.options.schema);
    while (!this.loop.isStopped) {
      const now = this.clock();
      const claimed = await store.claimDue(now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize);
      await Promise.all(claimed.map((c) => this.attempt(c)));
      if (claimed.length < this.options.batchSize) return;
    }
  }

  private async attempt(claimed: ClaimedNotification): Promise<void> {
    const log = { notificationId: claimed.notificationId, template: claimed.template, attempt: claimed.attempts };
    try {
      const failure = await this.send(claimed);
      if (!failure) return;
      await this.recordFailure(claimed, failure);
    } catch (err) {
      // The lease runs out and the row is tried again.
      this.options.logger.error({ err, ...log }, 'could not record a mail attempt');
    }
  }

  /** Sends and records 'sent'; returns why it could not send. */
  private async send(claimed: ClaimedNotification): Promise<AttemptFailure | undefined> {
    const plan = claimed.event ? planMail(claimed.event as MailEvent) : null;
    if (!plan || plan.content.template !== claimed.template) return { kind: 'smtp_error', message: 'the stored event does not describe this notification' };
    const { userId, contact, lines } = await findRecipient(this.options.prisma, claimed.userId, claimed.orderId);
    if (!contact || !userId) return { kind: 'contact_unknown', message: `no contact for ${userId ? `user ${userId}` : `order ${claimed.orderId}`} yet` };
    const mail = renderMail(plan.content, contact, lines);
    try {
      await this.options.mailer.send({ ...mail, to: contact.email, messageId: `<${claimed.notificationId}@notifications.shop.local>` });
    } catch (error) {
      return { kind: 'smtp_error', message: error instanceof Error ? error.message : String(error) };
    }
    const recorded = await notificationStore(this.options.prisma, this.options.schema).markSent(claimed, { userId, recipient: contact.email, subject: mail.subject }, this.clock());
    this.options.logger.info({ notificationId: claimed.notificationId, template: claimed.template, recorded }, 'mail sent');
    return undefined;
  }

  private async recordFailure(claimed: ClaimedNotification, failure: AttemptFailure): Promise<void> {
    const now = this.clock();
    const next = afterFailure(claimed.attempts, failure, this.options.policy, now, Math.random());
    const log = { notificationId: claimed.notificationId, template: claimed.template, attempt: claimed.attempts, error: next.lastError };
    if (next.status === 'pending') {
      this.options.logger.warn({ ...log, nextAttemptAt: next.nextAttemptAt }, 'mail not sent; will retry');
      await notificationStore(this.options.prisma, this.options.schema).markRetry(claimed, next.nextAttemptAt, next.lastError, now);
      return;
    }
    await this.options.prisma.$transaction(async (tx) => {
      if (!(await notificationStore(tx, this.options.schema).markFailed(claimed, next.lastError, now))) return;
      const topic = await deadLetterFailure(this.options.publisher, this.options.topicNamespace, claimed, next.lastError, now);
      if (topic) this.options.onDeadLetter?.(topic);
    });
    this.options.logger.error(log, 'mail failed for good; dead-lettered');
  }
}
