import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, eventually, type TestSchema } from '@shop/testing';
import { silentLogger } from './logger.js';
import { WakeLoop } from './wake-loop.js';

describe('WakeLoop with named notifications (real Postgres NOTIFY)', () => {
  let db: TestSchema;
  let channel: string;
  let loop: WakeLoop;
  /** What each pass claims: the ids a test hands it. */
  let toClaim: string[] = [];
  let passes = 0;
  let passGate: Promise<void> = Promise.resolve();

  const notify = (payload: string) => db.pool.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
  /** Notifications arrive in order: once this pass has run, every earlier NOTIFY has been seen. */
  const settle = async () => {
    const before = passes;
    await notify('');
    await eventually(() => expect(passes).toBeGreaterThan(before));
  };

  beforeAll(async () => {
    db = await createTestSchema('wake_loop');
    channel = `wake_${db.schema}`;
    loop = new WakeLoop({
      name: 'test loop',
      listenConnection: db.connection,
      channel,
      pollMs: 3_600_000,
      logger: silentLogger,
      run: async () => {
        passes++;
        await passGate;
        loop.handled(toClaim);
        toClaim = [];
      },
    });
    await loop.start();
    await eventually(() => expect(passes).toBe(1));
  });
  afterAll(async () => {
    await loop?.stop();
    await db?.drop();
  });

  it('runs a pass for a notification naming an item not handled yet, and none for one already handled', async () => {
    const claimedEarlier = randomUUID();
    toClaim = [claimedEarlier];
    await settle();
    const afterClaim = passes;

    await notify(claimedEarlier);
    await settle();
    expect(passes).toBe(afterClaim + 1);

    await notify(randomUUID());
    await eventually(() => expect(passes).toBe(afterClaim + 2));
  });

  it('after a pass, runs again only for notifications sent during it and named items it left unhandled', async () => {
    let open!: () => void;
    passGate = new Promise((resolve) => (open = resolve));
    const before = passes;
    await notify(randomUUID());
    await eventually(() => expect(passes).toBe(before + 1));

    // During the pass: a row it takes along, then (a second test) one it does not.
    const takenAlong = randomUUID();
    toClaim = [takenAlong];
    await notify(takenAlong);
    await new Promise((r) => setTimeout(r, 200));
    passGate = Promise.resolve();
    open();
    await settle();
    expect(passes).toBe(before + 2);

    passGate = new Promise((resolve) => (open = resolve));
    const start = passes;
    await notify(randomUUID());
    await eventually(() => expect(passes).toBe(start + 1));
    await notify(randomUUID());
    await new Promise((r) => setTimeout(r, 200));
    passGate = Promise.resolve();
    open();
    await eventually(() => expect(passes).toBe(start + 2));
  });
});
