import { outboxChannel } from './outbox.js';
import { preparedStatement, type ConnectionConfig, type Pool, type PoolClient } from '@shop/persistence';
import type { EventPublisher, OutgoingMessage } from './publisher.js';
import { silentLogger, type LoggerLike } from './logger.js';
import { WakeLoop } from './wake-loop.js';

interface OutboxRelayOptions {
  /** A pool whose connections have the service's schema on their search_path. */
  readonly pool: Pool;
  /** Connection settings for the LISTEN connection (same database and role as the pool). */
  readonly listenConnection: ConnectionConfig;
  readonly schema: string;
  readonly publisher: EventPublisher;
  readonly batchSize?: number;
  /** A safety net for a lost notification (e.g. while the LISTEN connection reconnects). */
  readonly sweepIntervalMs?: number;
  /** Sent rows older than this are deleted by the leader. */
  readonly retentionMs?: number;
  readonly logger?: LoggerLike;
  /** Test seam: runs after Kafka acknowledged a batch and before the rows are marked sent. */
  readonly afterPublish?: (eventIds: readonly string[]) => Promise<void>;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * Publishes the outbox to Kafka in id order and marks rows sent.
 *
 * Several relays may run (one per service replica): each batch is taken under a transaction-scoped
 * advisory lock, so exactly one relay publishes at a time and per-key order is the outbox's order.
 * A relay that dies after publishing and before marking leaves the rows unmarked; the next batch
 * publishes them again, and the consumers' inbox makes the second delivery a no-op.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly retentionMs: number;
  private readonly loop: WakeLoop;
  private lastCleanup = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.retentionMs = options.retentionMs ?? 60 * 60 * 1000;
    this.loop = new WakeLoop({
      name: 'outbox relay',
      listenConnection: options.listenConnection,
      channel: outboxChannel(options.schema),
      pollMs: options.sweepIntervalMs ?? 1000,
      run: () => this.drain(),
      logger: options.logger ?? silentLogger,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  /** Stops listening and lets the batch under way finish. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Asks for a drain; coalesces requests that arrive while one is running. */
  requestDrain(): void {
    this.loop.wake();
  }

  /** Publishes until the outbox is empty (or another relay holds the lead). Returns rows sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.batchSize) return total;
    }
  }

  /** Rows written but not yet sent: the outbox backlog metric. */
  async backlog(): Promise<number> {
    const { rows } = await this.options.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * One pass in three statements: BEGIN; claim the next rows — only if this relay holds the
   * schema's transaction-scoped lock, so two relays never interleave a key's events — marking them
   * sent; COMMIT after Kafka acknowledged them. A failed publish rolls the marks back.
   * The UPDATE checks published_at again: the batch was chosen from the statement's snapshot, which
   * can predate the commit of the previous leader (it released the lock just before this one took
   * it); only the UPDATE sees that commit, and must skip the rows it marked.
   */
  private async publishBatch(): Promise<number> {
    const client = await this.options.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        preparedStatement(
          `WITH leader AS (SELECT pg_try_advisory_xact_lock(hashtext($1)) AS held),
                batch AS (SELECT id FROM outbox, leader WHERE leader.held AND published_at IS NULL ORDER BY id LIMIT $2)
           UPDATE outbox SET published_at = now() FROM batch WHERE outbox.id = batch.id AND outbox.published_at IS NULL
           RETURNING outbox.id, outbox.event_id, outbox.topic, outbox.message_key, outbox.headers, outbox.payload`,
          [outboxChannel(this.options.schema), this.batchSize],
        ),
      );
      if (rows.length > 0) {
        rows.sort((a, b) => Number(a.id) - Number(b.id));
        await this.options.publisher.publish(rows.map(toMessage));
        await this.options.afterPublish?.(rows.map((r) => r.event_id));
        await this.cleanupSent(client);
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failed);
    }
  }

  private async cleanupSent(client: PoolClient): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    await client.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)`, [
      this.retentionMs / 1000,
    ]);
  }
}

function toMessage(row: OutboxRow): OutgoingMessage {
  return { topic: row.topic, key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers };
}
