import type { OutgoingMessage } from '@shop/messaging';
import { isPending, lettersOfEvent, markerKey, type DeadLetter, type RedriveMarker } from './dead-letter.js';
import { NotFoundError } from './cli-errors.js';
import type { DeadLetterTopics } from './topic-names.js';

/** How many times the event has been sent back from a dead-letter topic, carried on the redriven message. */
export const REDRIVE_COUNT_HEADER = 'dlq_redrive_count';

const isDeadLetterHeader = (name: string): boolean => name.startsWith('dlq_');

/** What the event carried before this redrive (it came back and failed again with the header). */
const previousRedrives = (headers: Readonly<Record<string, string>>): number => {
  const count = Number(headers[REDRIVE_COUNT_HEADER] ?? 0);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
};

/**
 * The original headers (CloudEvents attributes, trace context, anything else), without the
 * `dlq_*` ones the dead-lettering added, plus the redrive count.
 */
export function redriveHeaders(letter: DeadLetter): Record<string, string> {
  const kept = Object.entries(letter.record.headers).filter(([name]) => !isDeadLetterHeader(name));
  const count = previousRedrives(letter.record.headers) + letter.redrives.length + 1;
  return { ...Object.fromEntries(kept), [REDRIVE_COUNT_HEADER]: String(count) };
}

/** The dead letter as it first travelled: its original topic, key, value and headers. */
export function redriveMessage(letter: DeadLetter, topics: DeadLetterTopics): OutgoingMessage {
  const { record } = letter;
  return {
    topic: record.headers.dlq_source_topic ?? topics.source,
    key: record.key ?? '',
    value: record.value ?? '',
    headers: redriveHeaders(letter),
  };
}

/** One message to republish, and the dead letters it settles (an event dead-lettered by several groups). */
export interface Redrive {
  readonly eventId: string | undefined;
  readonly message: OutgoingMessage;
  readonly settles: readonly DeadLetter[];
}

export type RedriveSelection = { readonly all: true } | { readonly eventId: string };

/**
 * `--all`: every dead letter not yet redriven. `--id`: that event's, and if all of them were
 * redriven already, those again (the operator named it). An event dead-lettered more than once
 * goes back once, built from its latest record.
 */
export function planRedrives(
  letters: readonly DeadLetter[],
  selection: RedriveSelection,
  topics: DeadLetterTopics,
): Redrive[] {
  let chosen: DeadLetter[];
  if ('all' in selection) chosen = letters.filter(isPending);
  else {
    const ofEvent = lettersOfEvent(letters, selection.eventId);
    if (ofEvent.length === 0)
      throw new NotFoundError(`no dead letter of event ${selection.eventId} on ${topics.deadLetters}`);
    const pending = ofEvent.filter(isPending);
    chosen = pending.length > 0 ? pending : ofEvent;
  }
  const byEvent = new Map<string, { latest: DeadLetter; settles: DeadLetter[] }>();
  for (const letter of chosen) {
    const { record } = letter;
    const id = record.headers.ce_id?.toLowerCase();
    const group = id === undefined ? `record ${markerKey(record.partition, record.offset)}` : `event ${id}`;
    const settles = [...(byEvent.get(group)?.settles ?? []), letter];
    byEvent.set(group, { latest: letter, settles });
  }
  return [...byEvent.values()].map(({ latest, settles }) => ({
    eventId: latest.record.headers.ce_id,
    message: redriveMessage(latest, topics),
    settles,
  }));
}

/** The markers that say the redrive's dead letters were handled. */
export function redriveMarkers(redrive: Redrive, topics: DeadLetterTopics, now: Date): OutgoingMessage[] {
  return redrive.settles.map(({ record }) => {
    const marker: RedriveMarker = {
      dlq_partition: record.partition,
      dlq_offset: record.offset,
      event_id: redrive.eventId ?? null,
      republished_to: redrive.message.topic,
      redrive_count: Number(redrive.message.headers[REDRIVE_COUNT_HEADER]),
      redriven_at: now.toISOString(),
    };
    return {
      topic: topics.redriven,
      key: markerKey(record.partition, record.offset),
      value: JSON.stringify(marker),
      headers: {},
    };
  });
}
