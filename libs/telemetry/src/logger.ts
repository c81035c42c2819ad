import { trace } from '@opentelemetry/api';
import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * JSON logs that carry the active trace and span ids, so a log line leads to its trace.
 * Written asynchronously (buffered, flushed on exit): a log line never blocks a request.
 */
export function createLogger(service: string, level = 'info', options: LoggerOptions = {}): Logger {
  const settings: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
    ...options,
  };
  return pino(settings, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

export type { Logger } from 'pino';
