import { services } from '@shop/contracts';
import { count } from './databases.js';
import type { InvariantFamily } from './context.js';
import type { Violation } from './report.js';

/**
 * Every service's outbox is drained: its relay publishes a row within about a second of commit
 * (NOTIFY, and a one-second poll), so a row unpublished for longer than --outbox-age-seconds
 * means a relay that is down, stuck or failing to reach Kafka.
 */
export const outboxFamily: InvariantFamily = {
  id: 'outbox',
  title: 'outboxes: nothing left unpublished',
  async check({ db, options }) {
    const unpublished: Record<string, number> = {};
    const stale: Record<string, number> = {};
    const violations: Violation[] = [];
    for (const service of services) {
      const [row] = await db.of(service.name).query<{ unpublished: string; stale: string; oldest: number | null }>(
        `SELECT count(*) AS unpublished,
                count(*) FILTER (WHERE created_at < now() - make_interval(secs => $1::double precision)) AS stale,
                floor(extract(epoch FROM now() - min(created_at)))::int AS oldest
           FROM outbox WHERE published_at IS NULL`,
        options.outboxAgeSeconds,
      );
      unpublished[service.name] = count(row?.unpublished);
      stale[service.name] = count(row?.stale);
      if (count(row?.stale) > 0) {
        violations.push({
          rule: 'outbox_unpublished',
          subject: `${service.name} outbox`,
          detail: `${count(row?.stale)} row(s) older than ${options.outboxAgeSeconds} s, the oldest ${row?.oldest} s`,
        });
      }
    }
    return {
      numbers: { unpublished, [`older_than_${options.outboxAgeSeconds}s`]: stale },
      violations,
      notes: [],
    };
  },
};
