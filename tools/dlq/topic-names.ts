import { deadLetterTopic, namespacedTopic } from '@shop/contracts';
import { UsageError } from './cli-errors.js';

export interface DeadLetterTopics {
  /** The topic the dead letters came from (their `dlq_source_topic` when they carry one). */
  readonly source: string;
  readonly deadLetters: string;
  /** Where the tool records which dead letters it redrove (see docs/runbooks/dead-letters.md). */
  readonly redriven: string;
}

const dlqSuffix = deadLetterTopic('');
const redrivenSuffix = '.redriven';

/**
 * The topics `--topic` names, given as the source topic or as its `.dlq`, inside the deployment's
 * namespace (KAFKA_TOPIC_NAMESPACE, as the services and `npm run topics` use it).
 */
export function deadLetterTopics(topic: string, namespace = ''): DeadLetterTopics {
  if (topic.trim() === '') throw new UsageError('--topic needs a topic name');
  if (topic.endsWith(redrivenSuffix))
    throw new UsageError(`${topic} is the tool's own record of redriven messages; name the source topic or its .dlq`);
  const named = namespacedTopic(topic, namespace);
  const source = named.endsWith(dlqSuffix) ? named.slice(0, -dlqSuffix.length) : named;
  const deadLetters = deadLetterTopic(source);
  return { source, deadLetters, redriven: `${deadLetters}${redrivenSuffix}` };
}
