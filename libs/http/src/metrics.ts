import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '@shop/telemetry';

export interface MetricsPluginOptions {
  readonly metrics: Pick<Metrics, 'httpDuration' | 'httpRequests'>;
}

/**
 * `shop-metrics`: every answer counted and timed (http_requests_total, http_request_duration_seconds,
 * by method, route and status) once it has been sent. The registry is not served here: see createMetricsApp.
 */
export const metricsPlugin = fp(
  (app: FastifyInstance, { metrics }: MetricsPluginOptions, done: (error?: Error) => void) => {
    const { httpDuration, httpRequests } = metrics;
    app.addHook('onResponse', (request, reply, next) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status_code: reply.statusCode };
      httpDuration.observe(labels, reply.elapsedTime / 1000);
      httpRequests.inc(labels);
      next();
    });
    done();
  },
  { name: 'shop-metrics', fastify: '5.x' },
);

/**
 * The listener of its own that serves the registry on GET /metrics (METRICS_PORT), and nothing else:
 * the API port never answers it, so whatever reaches the API (the gateway, clients) cannot read the
 * figures, and the scraper is let in by the network policy on this port alone.
 */
export function createMetricsApp(metrics: Pick<Metrics, 'registry'>): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return app;
}
