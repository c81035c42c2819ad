/**
 * npm run dlq — list, show and redrive the dead letters of a topic (docs/runbooks/dead-letters.md).
 */
import { createKafka } from '@shop/messaging';
import { parseCommand, usage } from './arguments.js';
import { exitCodes, NotFoundError, UsageError } from './cli-errors.js';
import { listDeadLetters, redriveDeadLetters, showDeadLetter } from './commands.js';
import { deadLetterTopics } from './topic-names.js';

const print = (line: string): void => console.log(line);

async function run(args: readonly string[]): Promise<number> {
  const command = parseCommand(args);
  if (command.name === 'help') {
    print(usage);
    return exitCodes.ok;
  }
  const topics = deadLetterTopics(command.topic, process.env.KAFKA_TOPIC_NAMESPACE ?? '');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka({ brokers, clientId: 'dlq-tool' });
  if (command.name === 'list') await listDeadLetters(kafka, topics, print);
  else if (command.name === 'show') await showDeadLetter(kafka, topics, command.eventId, print);
  else await redriveDeadLetters(kafka, topics, command, print);
  return exitCodes.ok;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`dlq: ${error.message}\n\n${usage}`);
    return exitCodes.usage;
  }
  if (error instanceof NotFoundError) {
    console.error(`dlq: ${error.message}`);
    return exitCodes.notFound;
  }
  console.error('dlq: failed:', error);
  return exitCodes.failed;
}

process.exitCode = await run(process.argv.slice(2)).catch(exitCodeOf);
