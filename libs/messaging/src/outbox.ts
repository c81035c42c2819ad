import { namespacedTopic, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent, toKafkaHeaders, type CloudEvent } from './cloud-event.js';
import type { Sql } from '@shop/persistence';
import { currentTraceHeaders } from './trace-context.js';

export interface OutboxEvent<T> {
  readonly subject: string;
  readonly data: T;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export const outboxChannel = (schema: string): string => `outbox_${schema}`;

/** An event ready for the outbox, for a statement of the caller's that writes it with its change (see outboxInsert). */
export interface PreparedOutboxEvent<T> {
  readonly event: CloudEvent<T>;
  /** The values of outboxInsert's seven placeholders, in order. */
  readonly values: readonly unknown[];
}

/**
 * SQL that writes a prepared event with placeholders $first…$first+6: `insert` is a CTE body that
 * adds the row for each row of `from` (a FROM clause naming the caller's own CTE, so the event exists
 * exactly when the change does); `notify(cte)` is a scalar expression for the main SELECT that sends
 * the relay's NOTIFY (delivered on commit) for each row that CTE added.
 */
export const outboxInsert = (first: number, from: string) => ({
  insert:
    `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
           SELECT $${first}::uuid, $${first + 1}::text, $${first + 2}::text, ` +
    `$${first + 3}::text, $${first + 4}::jsonb, $${first + 5}::jsonb
           ${from} RETURNING 1`,
  notify: (cte: string) => `(SELECT count(pg_notify($${first + 6}::text, '')) FROM ${cte})`,
});

/**
 * outboxInsert for any number of prepared events (of one writer), in SQL whose text does not depend
 * on how many, so the statement is prepared once: its placeholders $first…$first+6 take
 * outboxRows(events), and the rows are added in that order.
 */
export const outboxInsertAll = (first: number) => ({
  insert:
    `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
           SELECT e.event_id, e.topic, e.message_key, e.event_type, e.headers, e.payload
             FROM unnest($${first}::uuid[], $${first + 1}::text[], $${first + 2}::text[], ` +
    `$${first + 3}::text[], $${first + 4}::jsonb[], $${first + 5}::jsonb[])
                  WITH ORDINALITY AS e(event_id, topic, message_key, event_type, headers, payload, n)
            ORDER BY e.n RETURNING 1`,
  notify: (cte: string) => `(SELECT count(pg_notify($${first + 6}::text, '')) FROM ${cte})`,
});

/** The values of outboxInsertAll's seven placeholders: one array per column, then the relay's channel. */
export const outboxRows = (events: readonly PreparedOutboxEvent<unknown>[]): unknown[] => [
  ...[0, 1, 2, 3, 4, 5].map((column) => events.map((event) => event.values[column])),
  events[0]?.values[6] ?? null,
];

const standalone = outboxInsert(1, '');
const addStatement = `WITH added AS (${standalone.insert}) SELECT ${standalone.notify('added')}`;

/**
 * Writes events into the service's outbox inside the caller's transaction, so the event exists
 * exactly when the domain change does. The NOTIFY is delivered on commit and wakes the relay.
 */
export class OutboxWriter {
  constructor(
    /** The publishing service: every event's CloudEvents source. */
    readonly source: string,
    private readonly schema: string,
    private readonly topicNamespace = '',
  ) {}

  async add<D extends EventDefinition>(
    tx: Sql,
    definition: D,
    event: OutboxEvent<EventPayload<D>>,
  ): Promise<CloudEvent<EventPayload<D>>> {
    const prepared = this.prepare(definition, event);
    // One round trip: the row and the NOTIFY that wakes the relay on commit.
    await tx.query(addStatement, ...prepared.values);
    return prepared.event;
  }

  /** Validates the event and builds its row, for a statement that writes it (outboxInsert). */
  prepare<D extends EventDefinition>(
    definition: D,
    event: OutboxEvent<EventPayload<D>>,
  ): PreparedOutboxEvent<EventPayload<D>> {
    const data = definition.schema.parse(event.data) as EventPayload<D>;
    const cloudEvent = createCloudEvent(this.source, { ...event, type: definition.type, data });
    const headers = toKafkaHeaders(cloudEvent, currentTraceHeaders());
    return {
      event: cloudEvent,
      values: [
        cloudEvent.id,
        namespacedTopic(definition.topic, this.topicNamespace),
        cloudEvent.subject,
        cloudEvent.type,
        JSON.stringify(headers),
        JSON.stringify(data),
        outboxChannel(this.schema),
      ],
    };
  }
}
