import { WakeLoop } from '@shop/messaging';
import { deliverDueMails, type MailDeliveryDeps } from '../application/deliver-due-mails.js';
import { sendChannel } from '../persistence/notification.repository.js';

export interface MailSenderOptions extends Omit<MailDeliveryDeps, 'clock'> {
  /** For the LISTEN connection (same database and role as the pool). */
  readonly listenConnection: ConstructorParameters<typeof WakeLoop>[0]['listenConnection'];
  readonly pollMs: number;
  readonly clock?: () => Date;
}

/**
 * Sends the pending notifications, one pass (deliverDueMails) after another while passes come back
 * full. Woken by NOTIFY when a consumer records a notification (unless this sender already claimed
 * it), and by a short poll.
 */
export class MailSenderWorker {
  private readonly delivery: MailDeliveryDeps;
  private readonly loop: WakeLoop;

  constructor(private readonly options: MailSenderOptions) {
    this.delivery = { ...options, clock: options.clock ?? (() => new Date()) };
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
      const claimed = await deliverDueMails(this.delivery, (ids) => this.loop.handled(ids));
      if (claimed < this.options.batchSize) return;
    }
  }
}
