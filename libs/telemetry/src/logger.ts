import { trace } from '@opentelemetry/api';
import { pino, type Logger, type LoggerOptions } from 'pino';

/** JSON logs that carry the active trace and span ids, so a log line leads to its trace. */
export function createLogger(service: string, level = 'info', options: LoggerOptions = {}): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
    ...options,
  });
}

export type { Logger } from 'pino';
