import type { TopicRecord } from './read-topics.js';

/** One redrive of a dead letter, as kept on `<topic>.dlq.redriven` (keyed by `markerKey`). */
export interface RedriveMarker {
  readonly dlq_partition: number;
  readonly dlq_offset: string;
  readonly event_id: string | null;
  readonly republished_to: string;
  readonly redrive_count: number;
  readonly redriven_at: string;
}

/** A record of `<topic>.dlq` and the redrives the tool made of it, oldest first. */
export interface DeadLetter {
  readonly record: TopicRecord;
  readonly redrives: readonly RedriveMarker[];
}

/** What the platform's dead-letter writers put in the headers (libs/messaging/src/dead-letter.ts). */
export interface DeadLetterFacts {
  readonly eventId: string | undefined;
  readonly type: string | undefined;
  readonly reason: string;
  readonly attempts: string | undefined;
  readonly failedAt: string | undefined;
  readonly sourceTopic: string | undefined;
  readonly sourcePartition: string | undefined;
  readonly sourceOffset: string | undefined;
  readonly consumerGroup: string | undefined;
  readonly error: string | undefined;
}

export const markerKey = (partition: number, offset: string): string => `${partition}:${offset}`;

export function factsOf({ headers }: TopicRecord): DeadLetterFacts {
  return {
    eventId: headers.ce_id,
    type: headers.ce_type,
    // Any reason a writer gives is shown as it is; one without any is still a dead letter.
    reason: headers.dlq_reason ?? 'unknown',
    attempts: headers.dlq_attempts,
    failedAt: headers.dlq_failed_at,
    sourceTopic: headers.dlq_source_topic,
    sourcePartition: headers.dlq_source_partition,
    sourceOffset: headers.dlq_source_offset,
    consumerGroup: headers.dlq_consumer_group,
    error: headers.dlq_error,
  };
}

export const isPending = (letter: DeadLetter): boolean => letter.redrives.length === 0;

/** Joins the dead-letter records with the markers of their redrives. */
export function deadLettersOf(records: readonly TopicRecord[], markers: readonly TopicRecord[]): DeadLetter[] {
  const byRecord = new Map<string, RedriveMarker[]>();
  for (const marker of markers) {
    if (marker.key === null || marker.value === null) continue;
    const list = byRecord.get(marker.key) ?? [];
    list.push(JSON.parse(marker.value) as RedriveMarker);
    byRecord.set(marker.key, list);
  }
  return records.map((record) => ({
    record,
    redrives: byRecord.get(markerKey(record.partition, record.offset)) ?? [],
  }));
}

/** The dead letters of one event id (ids compared as Postgres does a uuid: case aside). */
export const lettersOfEvent = (letters: readonly DeadLetter[], eventId: string): DeadLetter[] =>
  letters.filter((l) => l.record.headers.ce_id?.toLowerCase() === eventId.toLowerCase());
