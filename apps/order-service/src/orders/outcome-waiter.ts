import pg from 'pg';
import type { Logger } from '@shop/telemetry';
import { outcomeChannel } from '../persistence/order-repository.js';

/**
 * Lets a request wait for its order's saga outcome without polling: every instance LISTENs on the
 * schema's outcome channel, and the transaction that confirms or cancels an order NOTIFYs it on
 * commit — whichever instance consumed the deciding event.
 */
export class OrderOutcomeWaiter {
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: pg.Client | undefined;
  private stopped = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly schema: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const client = new pg.Client(this.connection);
    client.on('notification', (n) => this.release(n.payload ?? ''));
    client.on('error', (err) => {
      this.logger.warn({ err }, 'order outcome LISTEN connection lost; reconnecting');
      this.client = undefined;
      this.releaseAll();
      setTimeout(() => void (!this.stopped && this.start().catch((e) => this.logger.error({ err: e }, 'LISTEN reconnect failed'))), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN "${outcomeChannel(this.schema)}"`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.releaseAll();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  /**
   * Resolves when the order reaches an outcome or the time is up. Registers before the one
   * initial check, so an outcome committed in between is not missed.
   */
  async wait(orderId: string, timeoutMs: number, alreadyDone: () => Promise<boolean>): Promise<void> {
    if (timeoutMs <= 0 || !this.client) return;
    let release!: () => void;
    const signalled = new Promise<void>((resolve) => (release = resolve));
    const set = this.waiters.get(orderId) ?? new Set();
    set.add(release);
    this.waiters.set(orderId, set);
    const timer = setTimeout(release, timeoutMs);
    try {
      if (await alreadyDone()) return;
      await signalled;
    } finally {
      clearTimeout(timer);
      set.delete(release);
      if (set.size === 0) this.waiters.delete(orderId);
    }
  }

  private release(orderId: string): void {
    for (const resolve of this.waiters.get(orderId) ?? []) resolve();
  }

  private releaseAll(): void {
    for (const set of this.waiters.values()) for (const resolve of set) resolve();
  }
}
