import type { CloudEvent } from './cloud-event.js';
import type { Sql, Transactions } from '@shop/persistence';

/**
 * Claims an event for a consumer inside the caller's transaction. Returns false when the
 * consumer has already applied it: a redelivery then changes nothing. A concurrent duplicate
 * waits on the primary key until the first transaction ends, then sees the conflict.
 */
async function claimEvent(tx: Sql, consumer: string, event: Pick<CloudEvent, 'id' | 'type'>): Promise<boolean> {
  const inserted = await tx.execute(
    `INSERT INTO processed_events (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3)
     ON CONFLICT (consumer, event_id) DO NOTHING`,
    consumer,
    event.id,
    event.type,
  );
  return inserted === 1;
}

/** The same for several events in one statement: the ids this transaction claimed (not applied before). */
async function claimEvents(
  tx: Sql,
  consumer: string,
  events: readonly Pick<CloudEvent, 'id' | 'type'>[],
): Promise<Set<string>> {
  const claimed = await tx.query<{ event_id: string }>(
    `INSERT INTO processed_events (consumer, event_id, event_type)
     SELECT $1, e.id, e.type FROM jsonb_to_recordset($2::jsonb) AS e(id uuid, type text)
     ON CONFLICT (consumer, event_id) DO NOTHING
     RETURNING event_id::text`,
    consumer,
    JSON.stringify(events.map((e) => ({ id: e.id, type: e.type }))),
  );
  return new Set(claimed.map((row) => row.event_id));
}

/**
 * What the consumer needs to apply a run of one partition's events in a single transaction:
 * one BEGIN/COMMIT and one inbox statement for the run instead of one per event.
 */
export interface TransactionalApply<Run = unknown> {
  readonly consumer: string;
  readonly runInTransaction: Transactions;
  readonly apply: (tx: Sql, event: CloudEvent, run: Run) => Promise<void>;
  /** Runs once per run, after the inbox claim and before the first apply, with the events to apply. */
  readonly lockFirst?: LockFirst<Run>;
}

/**
 * Locks, in the order every other writer uses, all the shared rows a run of events will lock, and
 * returns what it read: the run's state, handed to every handler of the run as its third argument.
 * Handlers decide on it and keep it current through the writes they make (it lives as long as the
 * transaction: nothing of it outlives a commit or a rollback).
 */
export type LockFirst<Run = unknown> = (tx: Sql, events: readonly CloudEvent[]) => Promise<Run>;

const batchApply = Symbol('batchApply');

type ExactlyOnceHandler<T> = ((event: CloudEvent<T>) => Promise<void>) & { [batchApply]?: TransactionalApply };

interface ExactlyOnceOptions<Run = undefined> {
  /**
   * Lets the consumer apply several events of a partition in one transaction (the default). A
   * handler that locks rows shared across keys (e.g. stock) must either turn it off or give
   * lockFirst: two partitions' runs taking such locks event by event, in different orders, would
   * deadlock.
   */
  readonly batch?: boolean;
  /**
   * Takes the run's shared locks up front, in one global order, so that runs of different
   * partitions queue on each other instead of deadlocking. Handlers that share a transaction
   * runner and inbox must share this function too (a run mixes their events).
   */
  readonly lockFirst?: LockFirst<Run>;
}

/**
 * Wraps a handler so that its effect and the inbox row commit together: exactly-once effect
 * over at-least-once delivery.
 */
export function exactlyOnce<T, Run = undefined>(
  consumer: string,
  runInTransaction: Transactions,
  handler: (tx: Sql, event: CloudEvent<T>, run: Run) => Promise<void>,
  options: ExactlyOnceOptions<Run> = {},
): (event: CloudEvent<T>) => Promise<void> {
  const { lockFirst } = options;
  const single: ExactlyOnceHandler<T> = (event) =>
    runInTransaction(async (tx) => {
      if (!(await claimEvent(tx, consumer, event))) return;
      const run = (lockFirst ? await lockFirst(tx, [event]) : undefined) as Run;
      await handler(tx, event, run);
    });
  if (options.batch !== false) {
    single[batchApply] = {
      consumer,
      runInTransaction,
      apply: handler as unknown as TransactionalApply['apply'],
      ...(lockFirst ? { lockFirst } : {}),
    };
  }
  return single;
}

/** One event of a run, with the batch form of its handler (a run may mix the handlers of one consumer). */
export interface RunItem {
  readonly event: CloudEvent;
  readonly batch: TransactionalApply;
}

/**
 * Applies a run of events in one transaction with one inbox statement: each event not applied
 * before, once, in order, after the run's lockFirst. `around` wraps each event's apply (a span).
 */
export function applyRun<I extends RunItem>(
  items: readonly I[],
  around: (item: I, apply: () => Promise<void>) => Promise<void> = (_, apply) => apply(),
): Promise<void> {
  const run = items[0]!.batch;
  return run.runInTransaction(async (tx) => {
    const claimed = await claimEvents(
      tx,
      run.consumer,
      items.map((i) => i.event),
    );
    // A redelivered event, or the same event twice in one fetch, is applied once. (Postgres
    // prints a uuid in lower case; a producer may not.)
    const toApply = items.filter(({ event }) => claimed.delete(event.id.toLowerCase()));
    if (toApply.length === 0) return;
    const state = await run.lockFirst?.(
      tx,
      toApply.map((i) => i.event),
    );
    for (const item of toApply) await around(item, () => item.batch.apply(tx, item.event, state));
  });
}

/** The batch form of a handler made by exactlyOnce, if it allows one. */
export function transactionalApplyOf(
  handler: (event: CloudEvent<never>) => Promise<void>,
): TransactionalApply | undefined {
  return (handler as ExactlyOnceHandler<never>)[batchApply];
}
