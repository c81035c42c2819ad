import { InventoryEvents } from '@shop/contracts';
import { type LoggerLike, type OutboxWriter } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import type pg from 'pg';
import { decideExpiry } from '../domain/hold.js';
import { holdStore } from '../persistence/hold.repository.js';
import { writeHolds } from '../persistence/hold-writes.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { StockSql } from '../persistence/transaction.js';
import { sagaEnvelope } from './deps.js';

export interface ExpirySweeperOptions {
  /** The service's pool (its schema on the search_path). */
  readonly pool: pg.Pool;
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
 * Gives back holds whose order was never confirmed in time: reserved -= q, rows 'expired',
 * ReservationExpired (the order service cancels the order and payment voids any late
 * authorisation). One transaction per order; an order another transaction is working on (a
 * confirmation, or the sweeper of another replica) is skipped, not waited for, and looked at
 * again next pass — so any number of replicas can sweep at once.
 */
export async function expireOrder(tx: StockSql, outbox: OutboxWriter, orderId: string, now: Date): Promise<boolean> {
  const holds = holdStore(tx);
  const lines = await holds.tryLockOrder(orderId);
  if (!lines) return false;
  const decision = decideExpiry(lines, now);
  if (decision.outcome === 'unchanged') return false;
  const stock = stockStore(tx);
  await stock.lock(decision.productIds);
  await writeHolds(tx, {
    orderId,
    movements: decision.movements,
    holds: { kind: 'status', productIds: decision.productIds, status: decision.status },
    event: outbox.prepare(InventoryEvents.ReservationExpired, {
      ...sagaEnvelope(orderId),
      data: { order_id: orderId, expired_at: decision.expiredAt.toISOString() },
    }),
  });
  return true;
}

export function createExpirySweeper(options: ExpirySweeperOptions): ExpirySweeper {
  const { pool, outbox, intervalMs, clock, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const run = transactions(pool);
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<unknown> | undefined;
  let running = false;

  async function sweep(): Promise<number> {
    let expired = 0;
    for (;;) {
      const now = clock();
      const orders = await holdStore(sqlOn(pool)).lapsedOrders(now, batchSize);
      let expiredNow = 0;
      for (const orderId of orders) {
        try {
          if (await run((tx) => expireOrder(tx, outbox, orderId, now))) expiredNow += 1;
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
