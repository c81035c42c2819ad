import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.js';
import type { RedriveSelection } from './redrive-message.js';

export const usage = `usage: npm run dlq -- <command> --topic <topic> [options]

  list     --topic <t>                       the dead letters not yet redriven, counts per reason
  show     --topic <t> --id <event id>       one event's dead letters: headers and value
  redrive  --topic <t> (--id <event id> | --all) [--dry-run]
                                             republish to the original topic, then mark handled

  <t> is the source topic (orders.events) or its dead-letter topic (orders.events.dlq), inside
  KAFKA_TOPIC_NAMESPACE when set. Brokers: KAFKA_BROKERS (default 127.0.0.1:9092).
  Exit codes: 0 done, 2 no such topic or event, 64 usage error, 1 anything else.
  See docs/runbooks/dead-letters.md.`;

export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'list'; readonly topic: string }
  | { readonly name: 'show'; readonly topic: string; readonly eventId: string }
  | {
      readonly name: 'redrive';
      readonly topic: string;
      readonly selection: RedriveSelection;
      readonly dryRun: boolean;
    };

const options = {
  topic: { type: 'string' },
  id: { type: 'string' },
  all: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parsed(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const refuse = (command: string, given: boolean, option: string): void => {
  if (given) throw new UsageError(`${command} takes no ${option}`);
};

/** The command the arguments name, or a UsageError saying what is wrong with them. */
export function parseCommand(args: readonly string[]): Command {
  const { values, positionals } = parsed(args);
  if (values.help) return { name: 'help' };
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError('a command is needed: list, show or redrive');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  if (!['list', 'show', 'redrive'].includes(name)) throw new UsageError(`unknown command ${name}`);
  const { topic, id, all = false } = values;
  const dryRun = values['dry-run'] ?? false;
  if (topic === undefined) throw new UsageError(`${name} needs --topic`);
  if (name === 'list') {
    refuse(name, id !== undefined, '--id');
    refuse(name, all, '--all');
    refuse(name, dryRun, '--dry-run');
    return { name, topic };
  }
  if (name === 'show') {
    if (id === undefined) throw new UsageError('show needs --id <event id>');
    refuse(name, all, '--all');
    refuse(name, dryRun, '--dry-run');
    return { name, topic, eventId: id };
  }
  if ((id === undefined) === !all) throw new UsageError('redrive needs either --id <event id> or --all');
  return { name: 'redrive', topic, selection: id === undefined ? { all: true } : { eventId: id }, dryRun };
}
