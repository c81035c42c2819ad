import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { FastifyOtelInstrumentation } from '@fastify/otel';

/**
 * Starts the OpenTelemetry SDK. Exporters come from the standard OTEL_* variables
 * (OTEL_TRACES_EXPORTER=otlp|zipkin|console|none, OTEL_EXPORTER_OTLP_ENDPOINT, ...), so the
 * same build reports to a collector, to Zipkin, or nowhere. Call it before the app imports
 * its drivers (main.ts imports ./instrument.js first).
 */
export function startTracing(serviceName: string): { shutdown(): Promise<void> } {
  if (process.env.OTEL_SDK_DISABLED === 'true') return { shutdown: async () => undefined };
  // ESM modules are patched through import-in-the-middle's loader hook.
  // Only the instrumented packages are wrapped; wrapping everything (generated Prisma code
  // included) costs start-up time and warns on modules it cannot wrap.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['fastify', 'pg', 'ioredis', 'http', 'https', 'node:http', 'node:https'] },
  });
  // No kafkajs instrumentation: its producer span, started in the outbox relay's context (no trace), wrote
  // its own traceparent over the one each outbox row carries, so every Kafka hop began a new trace. The
  // consumer side is @shop/messaging's span (inConsumerSpan), which continues the trace of the headers.
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? serviceName }),
    instrumentations: [
      new HttpInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
