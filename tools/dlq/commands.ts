import { EventPublisher, type Kafka } from '@shop/messaging';
import { NotFoundError } from './cli-errors.js';
import { isPending, lettersOfEvent } from './dead-letter.js';
import { ensureRedrivenTopic, loadDeadLetters } from './dead-letter-store.js';
import { listLine, listSummary, showRecord } from './format.js';
import {
  planRedrives,
  redriveMarkers,
  REDRIVE_COUNT_HEADER,
  type Redrive,
  type RedriveSelection,
} from './redrive-message.js';
import type { DeadLetterTopics } from './topic-names.js';

type Print = (line: string) => void;

export async function listDeadLetters(kafka: Kafka, topics: DeadLetterTopics, print: Print): Promise<void> {
  const letters = await loadDeadLetters(kafka, topics);
  for (const letter of letters.filter(isPending)) print(listLine(letter));
  print(listSummary(letters, topics.deadLetters));
}

export async function showDeadLetter(
  kafka: Kafka,
  topics: DeadLetterTopics,
  eventId: string,
  print: Print,
): Promise<void> {
  const letters = lettersOfEvent(await loadDeadLetters(kafka, topics), eventId);
  if (letters.length === 0) throw new NotFoundError(`no dead letter of event ${eventId} on ${topics.deadLetters}`);
  print(letters.map(showRecord).join('\n\n'));
}

/**
 * Republishes first, then writes the markers: a crash in between leaves the dead letter listed,
 * and redriving it again is harmless (the consumers' inbox applies an event id once).
 */
export async function redriveDeadLetters(
  kafka: Kafka,
  topics: DeadLetterTopics,
  request: { readonly selection: RedriveSelection; readonly dryRun: boolean },
  print: Print,
): Promise<void> {
  const redrives = planRedrives(await loadDeadLetters(kafka, topics), request.selection, topics);
  const verb = request.dryRun ? 'would republish' : 'republished';
  const describeRedrive = (r: Redrive): string => {
    const again = r.settles.every((l) => !isPending(l)) ? ', redriven before' : '';
    const records = r.settles.map((l) => l.record.offset).join(',');
    return (
      `${verb} ${r.eventId ?? '(no event id)'} to ${r.message.topic} key=${r.message.key} ` +
      `${REDRIVE_COUNT_HEADER}=${r.message.headers[REDRIVE_COUNT_HEADER]} (dead letter offset ${records}${again})`
    );
  };
  if (request.dryRun) {
    for (const redrive of redrives) print(describeRedrive(redrive));
    print(`dry run: ${redrives.length} to republish, nothing changed`);
    return;
  }
  if (redrives.length === 0) {
    print(`nothing to redrive on ${topics.deadLetters}`);
    return;
  }
  await ensureRedrivenTopic(kafka, topics);
  const publisher = new EventPublisher(kafka);
  try {
    await publisher.publish(redrives.map((r) => r.message));
    const now = new Date();
    await publisher.publish(redrives.flatMap((r) => redriveMarkers(r, topics, now)));
  } finally {
    await publisher.disconnect();
  }
  for (const redrive of redrives) print(describeRedrive(redrive));
  print(`${redrives.length} republished and marked redriven on ${topics.redriven}`);
}
