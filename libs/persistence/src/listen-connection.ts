import pg from 'pg';
import { quoteIdent } from './sql.js';

/** The slice of a pino logger a LISTEN connection reports through. */
export interface ListenLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

const silent: ListenLogger = { info: () => undefined, warn: () => undefined };

interface ListenConnectionOptions {
  readonly name: string;
  readonly connection: pg.ClientConfig;
  readonly channel: string;
  readonly onNotification: (payload: string) => void;
  /**
   * Called whenever the connection is lost and again once it listens anew: notifications sent in
   * between were missed, so whatever waits on them must look for itself.
   */
  readonly onGap?: () => void;
  readonly logger?: ListenLogger;
  /** Delay before the first reconnect attempt; doubles up to maxRetryMs while the database is down. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

/**
 * A dedicated connection LISTENing on one channel that outlives database restarts: when it is
 * dropped it reconnects with backoff until it listens again, however long the outage lasts.
 */
export class ListenConnection {
  private client: pg.Client | undefined;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly logger: ListenLogger;

  constructor(private readonly options: ListenConnectionOptions) {
    this.logger = options.logger ?? silent;
  }

  /** Listens before it resolves (the first connection must succeed: a service does not start without its database). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.connection);
    client.on('notification', (n) => this.options.onNotification(n.payload ?? ''));
    client.on('error', (err) => this.lost(client, err));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.options.channel)}`);
    } catch (error) {
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.logger.warn({ err }, `${this.options.name} LISTEN connection lost; reconnecting`);
    this.options.onGap?.();
    this.reconnect(this.options.retryMs ?? 500);
  }

  private reconnect(delayMs: number): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.stopped) return;
          this.logger.info({}, `${this.options.name} LISTEN connection restored`);
          this.options.onGap?.();
        },
        (err: unknown) => {
          this.logger.warn({ err, retryInMs: delayMs }, `${this.options.name} LISTEN reconnect failed; retrying`);
          this.reconnect(Math.min(delayMs * 2, this.options.maxRetryMs ?? 5_000));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }
}
