import { factsOf, isPending, type DeadLetter } from './dead-letter.js';

const ERROR_WIDTH = 80;
const orDash = (value: string | undefined): string => (value === undefined || value === '' ? '-' : value);
const cut = (text: string, width: number): string => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

/** One line per dead letter: what it is, why and where it failed. */
export function listLine(letter: DeadLetter): string {
  const f = factsOf(letter.record);
  const source = f.sourcePartition === undefined ? '-' : `${f.sourcePartition}@${orDash(f.sourceOffset)}`;
  return [
    orDash(f.eventId),
    orDash(f.type),
    f.reason,
    `attempts=${orDash(f.attempts)}`,
    `failed_at=${orDash(f.failedAt)}`,
    `source=${source}`,
    `group=${orDash(f.consumerGroup)}`,
    `error=${cut(orDash(f.error), ERROR_WIDTH)}`,
  ].join('  ');
}

/** The closing line of `list`: how many wait, per reason, and how many were redriven already. */
export function listSummary(letters: readonly DeadLetter[], deadLetterTopic: string): string {
  const pending = letters.filter(isPending);
  const redriven = letters.length - pending.length;
  if (pending.length === 0) return `no dead letters waiting on ${deadLetterTopic} (${redriven} redriven)`;
  const perReason = new Map<string, number>();
  for (const letter of pending) {
    const { reason } = factsOf(letter.record);
    perReason.set(reason, (perReason.get(reason) ?? 0) + 1);
  }
  const counts = [...perReason]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${reason}=${n}`)
    .join(' ');
  const noun = pending.length === 1 ? 'dead letter' : 'dead letters';
  return `${pending.length} ${noun} waiting on ${deadLetterTopic} (${redriven} redriven): ${counts}`;
}

/** The payload, pretty-printed when it is JSON (a malformed one is shown as it came). */
const prettyValue = (value: string | null): string => {
  if (value === null) return '(no value)';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
};

/** Everything about one dead letter: where it sits, its redrives, its headers and its value. */
export function showRecord(letter: DeadLetter): string {
  const { record, redrives } = letter;
  const width = Math.max(0, ...Object.keys(record.headers).map((name) => name.length));
  const headers = Object.entries(record.headers).map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
  const status =
    redrives.length === 0
      ? 'not redriven'
      : redrives.map((r) => `redriven at ${r.redriven_at} to ${r.republished_to} (count ${r.redrive_count})`);
  return [
    `record:   ${record.topic} partition ${record.partition} offset ${record.offset}`,
    `key:      ${record.key ?? '(none)'}`,
    ...[status].flat().map((line) => `status:   ${line}`),
    'headers:',
    ...headers,
    'value:',
    prettyValue(record.value),
  ].join('\n');
}
