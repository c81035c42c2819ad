import { context, propagation, type Context } from '@opentelemetry/api';

/** W3C trace context of the active span, as headers (empty when no tracer is registered). */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function contextFromHeaders(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers);
}
