import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionConfig } from './connection.js';
import { ListenConnection } from './listen-connection.js';
import { throwAwaySchema } from './test-support/throw-away-schema.js';

describe('ListenConnection', () => {
  let db: Awaited<ReturnType<typeof throwAwaySchema>>;

  beforeAll(async () => {
    db = await throwAwaySchema('listen');
  });
  afterAll(() => db.drop());

  it('keeps listening across repeated dropped connections, reporting each gap', async () => {
    const appName = `listen-${randomUUID()}`;
    const channel = `listen_test_${randomUUID().replaceAll('-', '')}`;
    const received: string[] = [];
    let gaps = 0;
    const listener = new ListenConnection({
      name: 'test',
      connection: { ...connectionConfig({ url: db.url, schema: db.schema }), application_name: appName },
      channel,
      onNotification: (payload) => received.push(payload),
      onGap: () => gaps++,
      retryMs: 50,
    });
    await listener.start();
    try {
      await db.pool.query('SELECT pg_notify($1, $2)', [channel, 'before']);
      await expect.poll(() => received).toEqual(['before']);

      // An outage: the connection is killed, and so is every reconnection for a while.
      const until = Date.now() + 1_000;
      while (Date.now() < until) {
        await db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          appName,
        ]);
        await new Promise((r) => setTimeout(r, 20));
      }
      await expect.poll(() => listener.listening, { timeout: 10_000 }).toBe(true);
      expect(gaps).toBeGreaterThanOrEqual(2); // lost, then restored

      await db.pool.query('SELECT pg_notify($1, $2)', [channel, 'after']);
      await expect.poll(() => received).toEqual(['before', 'after']);
    } finally {
      await listener.stop();
    }
  });
});
