import { ListenConnection, type ConnectionConfig } from '@shop/persistence';
import { silentLogger, type LoggerLike } from './logger.js';

interface WakeLoopOptions {
  readonly name: string;
  /** Connection settings for the LISTEN connection. */
  readonly listenConnection: ConnectionConfig;
  /** The channel a committing transaction NOTIFYs when there is work. */
  readonly channel: string;
  /** A safety net for a notification lost while the LISTEN connection reconnects. */
  readonly pollMs: number;
  /** One pass over the work; the loop never runs two at once. */
  readonly run: () => Promise<unknown>;
  readonly logger?: LoggerLike;
}

/** How many handled item ids a loop remembers: a NOTIFY later than this costs one (empty) pass, nothing else. */
const REMEMBERED_HANDLED = 4096;

/**
 * Runs `run` when a transaction NOTIFYs the channel on commit, on a slow poll, or when asked
 * (`wake()`), never twice at once: a wake during a pass queues exactly one more pass. The outbox
 * relay and the services' background workers are all this loop around their own pass.
 *
 * A NOTIFY may name the item it announces (its payload). A pass that reports the items it took
 * (`handled(ids)`) then spares the passes their NOTIFYs would cost: under load most of them arrive
 * during or after a pass that took their item along with others, and each would be a claim that
 * finds nothing. A NOTIFY without a payload always asks for a pass.
 */
export class WakeLoop {
  private readonly logger: LoggerLike;
  private readonly listener: ListenConnection;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly handledIds = new Set<string>();
  /** Named items announced since the running pass began and not reported handled yet. */
  private readonly announcedIds = new Set<string>();

  constructor(private readonly options: WakeLoopOptions) {
    this.logger = options.logger ?? silentLogger;
    // A notification missed while the connection was down is made up by one pass when it returns.
    this.listener = new ListenConnection({
      name: options.name,
      connection: options.listenConnection,
      channel: options.channel,
      onNotification: (payload) => this.announced(payload),
      onGap: () => this.wake(),
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops listening and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener.stop();
    await this.running;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** A pass now, or right after the one under way. */
  wake(): void {
    this.again = true;
    this.kick();
  }

  /** Called by a pass with the ids of the items it took, as soon as it has them. */
  handled(ids: readonly string[]): void {
    for (const id of ids) {
      this.announcedIds.delete(id);
      this.handledIds.add(id);
    }
    for (const oldest of this.handledIds) {
      if (this.handledIds.size <= REMEMBERED_HANDLED) break;
      this.handledIds.delete(oldest);
    }
  }

  private announced(payload: string): void {
    if (!payload) return this.wake();
    if (this.handledIds.has(payload)) return;
    this.announcedIds.add(payload);
    this.kick();
  }

  private kick(): void {
    if (this.stopped || this.running) return;
    if (!this.again && this.announcedIds.size === 0) return;
    this.again = false;
    this.announcedIds.clear();
    this.running = this.options
      .run()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err }, `${this.options.name} pass failed; will retry`))
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }
}
