import type { FastifyInstance } from 'fastify';
import { HealthResponse, ReadyResponse } from '@shop/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type ReadinessCheck = () => Promise<unknown>;

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/**
 * `/health` says the process is alive (no dependency checks, so a slow database never gets
 * a pod killed); `/ready` checks each dependency and answers 503 when any is down.
 */
export function registerHealth(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/health', { schema: { hide: true, response: { 200: HealthResponse } } }, async () => ({
    status: 'ok' as const,
  }));
  typed.get(
    '/ready',
    { schema: { hide: true, response: { 200: ReadyResponse, 503: ReadyResponse } } },
    async (_request, reply) => {
      const entries = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2000);
            return [name, 'up'] as const;
          } catch {
            return [name, 'down'] as const;
          }
        }),
      );
      const ready = entries.every(([, state]) => state === 'up');
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(entries) });
    },
  );
}
