import type { CloudEvent } from './cloud-event.js';
import type { SqlTransaction } from './sql.js';

/**
 * Claims an event for a consumer inside the caller's transaction. Returns false when the
 * consumer has already applied it: a redelivery then changes nothing. A concurrent duplicate
 * waits on the primary key until the first transaction ends, then sees the conflict.
 */
export async function claimEvent(tx: SqlTransaction, consumer: string, event: Pick<CloudEvent, 'id' | 'type'>): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO processed_events (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3)
     ON CONFLICT (consumer, event_id) DO NOTHING`,
    consumer,
    event.id,
    event.type,
  );
  return inserted === 1;
}

export type RunInTransaction<Tx> = <R>(work: (tx: Tx) => Promise<R>) => Promise<R>;

/**
 * Wraps a handler so that its effect and the inbox row commit together: exactly-once effect
 * over at-least-once delivery.
 */
export function exactlyOnce<Tx extends SqlTransaction, T>(
  consumer: string,
  runInTransaction: RunInTransaction<Tx>,
  handler: (tx: Tx, event: CloudEvent<T>) => Promise<void>,
): (event: CloudEvent<T>) => Promise<void> {
  return (event) =>
    runInTransaction(async (tx) => {
      if (!(await claimEvent(tx, consumer, event))) return;
      await handler(tx, event);
    });
}
