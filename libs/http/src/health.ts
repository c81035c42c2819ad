import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HealthResponse, ReadyResponse } from '@shop/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type ReadinessCheck = () => Promise<unknown>;

export interface HealthPluginOptions {
  readonly readiness: Record<string, ReadinessCheck>;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

async function stateOf(check: ReadinessCheck): Promise<'up' | 'down'> {
  try {
    await withTimeout(check(), 2000);
    return 'up';
  } catch {
    return 'down';
  }
}

/**
 * `shop-health`: `/health` says the process is alive (no dependency checks, so a slow database
 * never gets a pod killed); `/ready` checks each dependency and answers 503 when any is down.
 */
export const healthPlugin = fp(
  (app: FastifyInstance, { readiness }: HealthPluginOptions, done: (error?: Error) => void) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const health = { schema: { hide: true, response: { 200: HealthResponse } } };
    typed.get('/health', health, async () => ({ status: 'ok' as const }));
    const ready = { schema: { hide: true, response: { 200: ReadyResponse, 503: ReadyResponse } } };
    typed.get('/ready', ready, async (_request, reply) => {
      const checked = Object.entries(readiness).map(async ([name, check]) => [name, await stateOf(check)] as const);
      const entries = await Promise.all(checked);
      const allUp = entries.every(([, state]) => state === 'up');
      const status = allUp ? 'ready' : 'not_ready';
      return reply.status(allUp ? 200 : 503).send({ status, checks: Object.fromEntries(entries) });
    });
    done();
  },
  { name: 'shop-health', fastify: '5.x' },
);
