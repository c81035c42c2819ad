import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { TokenBuckets } from './token-buckets.js';

/** Many requests in one turn of the event loop share one script call and get one-at-a-time answers. */
describe('token buckets', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  afterAll(() => redis.disconnect());
  const perMs = 1 / 1000; // one token a second

  it('answers requests taken together exactly as if they had come one by one', async () => {
    const buckets = new TokenBuckets(redis, () => 1_000_000);
    const key = `test:${randomUUID()}`;
    const together = await Promise.all(Array.from({ length: 5 }, () => buckets.take(key, 3, perMs)));
    expect(together.map((t) => [t.allowed, t.remaining, t.nextTokenMs])).toEqual([
      [true, 2, 0],
      [true, 1, 0],
      [true, 0, 1000],
      [false, 0, 1000],
      [false, 0, 1000],
    ]);
  });

  it('keeps buckets of one turn apart, and sends the turn in one call', async () => {
    const [a, b] = [`test:${randomUUID()}`, `test:${randomUUID()}`];
    const scriptCalls: string[][] = [];
    const monitor = await redis.duplicate().monitor();
    monitor.on('monitor', (_time: number, args: string[]) => {
      if (/^eval/i.test(String(args[0])) && (args.includes(a) || args.includes(b))) scriptCalls.push(args);
    });
    const buckets = new TokenBuckets(redis, Date.now);
    const taking = [buckets.take(a, 2, perMs), buckets.take(b, 5, perMs), buckets.take(a, 2, perMs)];
    const answers = await Promise.all(taking);
    expect(answers.map((t) => t.remaining)).toEqual([1, 4, 0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    monitor.disconnect();
    expect(scriptCalls).toHaveLength(1);
  });

  it('refuses every request of the turn when Redis cannot answer, so each can be let through', async () => {
    const offline = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 };
    const unreachable = new Redis('redis://127.0.0.1:1', offline);
    unreachable.on('error', () => undefined);
    const buckets = new TokenBuckets(unreachable, Date.now);
    const answers = await Promise.allSettled([buckets.take('k', 3, perMs), buckets.take('k', 3, perMs)]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    unreachable.disconnect();
  });
});
