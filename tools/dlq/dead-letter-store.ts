import type { Kafka } from '@shop/messaging';
import { NotFoundError } from './cli-errors.js';
import { deadLettersOf, type DeadLetter } from './dead-letter.js';
import { readTopics } from './read-topics.js';
import type { DeadLetterTopics } from './topic-names.js';

async function listedTopics(kafka: Kafka): Promise<Set<string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Set(await admin.listTopics());
  } finally {
    await admin.disconnect();
  }
}

/** Every record of the dead-letter topic, with its redrives. */
export async function loadDeadLetters(kafka: Kafka, topics: DeadLetterTopics): Promise<DeadLetter[]> {
  const listed = await listedTopics(kafka);
  if (!listed.has(topics.deadLetters))
    throw new NotFoundError(`no topic ${topics.deadLetters} on the broker (check the name and KAFKA_TOPIC_NAMESPACE)`);
  const hasMarkers = listed.has(topics.redriven);
  const records = await readTopics(kafka, hasMarkers ? [topics.deadLetters, topics.redriven] : [topics.deadLetters]);
  return deadLettersOf(
    records.filter((r) => r.topic === topics.deadLetters),
    records.filter((r) => r.topic === topics.redriven),
  );
}

/**
 * Creates `<topic>.dlq.redriven` on the first redrive. Compacted, so that a marker is never
 * deleted by retention while the dead letter it settles is still there (every key is unique, so
 * compaction removes nothing either).
 */
export async function ensureRedrivenTopic(kafka: Kafka, topics: DeadLetterTopics, timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topics.redriven)) return;
    await admin.createTopics({
      // As ensureTopics in @shop/messaging: the broker's metadata may trail the controller's.
      waitForLeaders: false,
      topics: [
        {
          topic: topics.redriven,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await admin.listTopics()).includes(topics.redriven)) {
      if (Date.now() > deadline) throw new Error(`${topics.redriven} created but not listed after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.disconnect();
  }
}
