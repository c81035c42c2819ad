import type { LoggerLike, OutboxWriter } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import { expireReservation, lapsedOrders } from '../application/expire-reservation.js';

export interface ExpirySweeperOptions {
  /** Transactions on the service's schema: one per order expired. */
  readonly transactions: Transactions;
  /** The service's schema outside a transaction, to find lapsed holds. */
  readonly sql: Sql;
  readonly outbox: OutboxWriter;
  readonly intervalMs: number;
  readonly clock: () => Date;
  readonly logger: LoggerLike;
  readonly batchSize?: number;
}

export interface ExpirySweeper {
  start(): Promise<void>;
  /** Waits for the sweep in progress, then stops. */
  stop(): Promise<void>;
  /** One pass: expires every lapsed order it can take; returns how many. */
  sweep(): Promise<number>;
}

/**
 * The sweeper: every pass gives back the holds whose order was never confirmed in time, one
 * transaction per order (expireReservation), so any number of replicas can sweep at once.
 */
export function createExpirySweeper(options: ExpirySweeperOptions): ExpirySweeper {
  const { transactions, sql, outbox, intervalMs, clock, logger } = options;
  const batchSize = options.batchSize ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<unknown> | undefined;
  let running = false;

  async function sweep(): Promise<number> {
    let expired = 0;
    for (;;) {
      const now = clock();
      const orders = await lapsedOrders(sql, now, batchSize);
      let expiredNow = 0;
      for (const orderId of orders) {
        try {
          if (await transactions((tx) => expireReservation(tx, outbox, orderId, now))) expiredNow += 1;
        } catch (err) {
          logger.error({ err, orderId }, 'could not expire reservation; will retry next pass');
        }
      }
      expired += expiredNow;
      // A full batch that made progress may mean more are waiting: keep going rather than sleep
      // on a backlog. A batch of orders all busy elsewhere waits for the next pass.
      if (orders.length < batchSize || expiredNow === 0 || !running) return expired;
    }
  }

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      inProgress = sweep()
        .catch((err: unknown) => logger.error({ err }, 'reservation sweep failed'))
        .finally(() => {
          inProgress = undefined;
          schedule();
        });
    }, intervalMs);
  };

  return {
    sweep,
    async start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inProgress;
    },
  };
}
