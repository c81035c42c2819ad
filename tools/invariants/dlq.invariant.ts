import { deadLetterTopic, namespacedTopic, topicSpecs } from '@shop/contracts';
import type { InvariantFamily } from './context.js';
import { countDeadLetters } from './dead-letters.js';
import type { Violation } from './report.js';

/**
 * What the consumers parked: every source topic's `<topic>.dlq`, its size and its records by
 * `dlq_reason` (`unknown_type`: an event type no consumer knows, parked rather than dropped).
 * Reported always; a violation only with --strict-dlq (see its help for why). Redriven dead letters
 * stay on the topic: `npm run dlq` marks them on `<dlq>.redriven`, whose size is shown beside it.
 */
export const deadLettersFamily: InvariantFamily = {
  id: 'dlq',
  title: 'dead-letter topics',
  async check({ options }) {
    const topics = topicSpecs.map((t) => deadLetterTopic(namespacedTopic(t.name, options.topicNamespace)));
    const { sizes, reasons, absent, redriven } = await countDeadLetters(options.brokers, topics);
    const unknownType = Object.fromEntries(topics.map((t) => [t, reasons[t]?.unknown_type ?? 0]));
    const nonEmpty = Object.entries(sizes).filter(([, n]) => n > 0);
    const violations: Violation[] = options.strictDlq
      ? nonEmpty.map(([topic, n]) => ({
          rule: 'dead_letters',
          subject: topic,
          detail: `${n} record(s): ${Object.entries(reasons[topic] ?? {})
            .map(([reason, c]) => `${reason} ${c}`)
            .join(', ')}`,
        }))
      : [];
    const notes = options.strictDlq
      ? []
      : nonEmpty.map(([topic, n]) => `${topic} holds ${n} dead letter(s) (a violation only with --strict-dlq)`);
    if (absent.length > 0) notes.push(`not on the broker: ${absent.join(', ')}`);
    return {
      numbers: {
        sizes,
        unknown_type: unknownType,
        redriven_marks: redriven,
        ...Object.fromEntries(Object.entries(reasons).map(([topic, byReason]) => [`reasons ${topic}`, byReason])),
      },
      violations,
      notes,
    };
  },
};
