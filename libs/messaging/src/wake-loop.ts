import type pg from 'pg';
import { ListenConnection } from './listen-connection.js';
import { silentLogger, type LoggerLike } from './logger.js';

export interface WakeLoopOptions {
  readonly name: string;
  /** Connection settings for the LISTEN connection. */
  readonly listenConnection: pg.ClientConfig;
  /** The channel a committing transaction NOTIFYs when there is work. */
  readonly channel: string;
  /** A safety net for a notification lost while the LISTEN connection reconnects. */
  readonly pollMs: number;
  /** One pass over the work; the loop never runs two at once. */
  readonly run: () => Promise<unknown>;
  readonly logger?: LoggerLike;
}

/**
 * Runs `run` when a transaction NOTIFYs the channel on commit, on a slow poll, or when asked
 * (`wake()`), never twice at once: a wake during a pass queues exactly one more pass. The outbox
 * relay and the services' background workers are all this loop around their own pass.
 */
export class WakeLoop {
  private readonly logger: LoggerLike;
  private readonly listener: ListenConnection;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: WakeLoopOptions) {
    this.logger = options.logger ?? silentLogger;
    // A notification missed while the connection was down is made up by one pass when it returns.
    this.listener = new ListenConnection({
      name: options.name,
      connection: options.listenConnection,
      channel: options.channel,
      onNotification: () => this.wake(),
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

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.options
      .run()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err }, `${this.options.name} pass failed; will retry`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }
}
