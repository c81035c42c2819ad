import type pg from 'pg';
import { ListenConnection } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import type { OrderOutcomes, OutcomeWatch } from '../domain/order-outcomes.port.js';
import { outcomeChannel } from './order.repository.js';

/**
 * Lets a request wait for its order's saga outcome without polling: every instance LISTENs on the
 * schema's outcome channel, and the transaction that confirms or cancels an order NOTIFYs it on
 * commit — whichever instance consumed the deciding event.
 */
export class OrderOutcomeWaiter implements OrderOutcomes {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly listener: ListenConnection;

  constructor(connection: pg.ClientConfig, schema: string, logger: Logger) {
    // While the connection is down an outcome could be missed: waiters are released to answer
    // with what the database says (202 if still pending) rather than hang until their timeout.
    this.listener = new ListenConnection({
      name: 'order outcome',
      connection,
      channel: outcomeChannel(schema),
      onNotification: (orderId) => this.release(orderId),
      onGap: () => this.releaseAll(),
      logger,
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener.stop();
    this.releaseAll();
  }

  /**
   * Starts listening for one order's outcome. Taken before the order commits, it cannot miss the
   * outcome (whose NOTIFY can only follow the order's commit), so no read of the order is needed
   * to start waiting. Close it when done with it.
   */
  watch(orderId: string): OutcomeWatch {
    if (!this.listener.listening) return { until: async () => undefined, close: () => undefined };
    let release!: () => void;
    const signalled = new Promise<void>((resolve) => (release = resolve));
    const set = this.waiters.get(orderId) ?? new Set();
    set.add(release);
    this.waiters.set(orderId, set);
    return {
      async until(timeoutMs) {
        if (timeoutMs <= 0) return;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([signalled, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        } finally {
          clearTimeout(timer);
        }
      },
      close: () => {
        set.delete(release);
        if (set.size === 0 && this.waiters.get(orderId) === set) this.waiters.delete(orderId);
      },
    };
  }

  private release(orderId: string): void {
    for (const resolve of this.waiters.get(orderId) ?? []) resolve();
  }

  private releaseAll(): void {
    for (const set of this.waiters.values()) for (const resolve of set) resolve();
  }
}
