import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '@shop/telemetry';

export interface MetricsPluginOptions {
  readonly metrics: Pick<Metrics, 'registry' | 'httpDuration' | 'httpRequests'>;
}

/**
 * `shop-metrics`: every answer counted and timed (http_requests_total, http_request_duration_seconds,
 * by method, route and status) once it has been sent, and the registry served on GET /metrics.
 */
export const metricsPlugin = fp(
  (app: FastifyInstance, { metrics }: MetricsPluginOptions, done: (error?: Error) => void) => {
    const { httpDuration, httpRequests, registry } = metrics;
    app.addHook('onResponse', (request, reply, next) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status_code: reply.statusCode };
      httpDuration.observe(labels, reply.elapsedTime / 1000);
      httpRequests.inc(labels);
      next();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
    done();
  },
  { name: 'shop-metrics', fastify: '5.x' },
);
