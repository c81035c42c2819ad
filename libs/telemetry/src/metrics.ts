import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process with the platform's shared instruments; services add
 * their own (orders created, saga duration, ...) to the same registry.
 */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    }),
    eventsProcessed: new Counter({
      name: 'events_processed_total',
      help: 'Events handled by a consumer group: in a run sharing one transaction (batch) or alone (single)',
      labelNames: ['topic', 'group', 'mode'] as const,
      registers: [registry],
    }),
    eventDelay: new Histogram({
      name: 'event_processing_delay_seconds',
      help: "Seconds from the broker's append of an event to the end of its handling, by consumer group",
      labelNames: ['topic', 'group'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'dlq_messages_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['topic', 'reason'] as const,
      registers: [registry],
    }),
    sagaEventsRefused: new Counter({
      name: 'saga_events_refused_total',
      help: 'Saga events whose command the state machine refused (late or duplicate ones change nothing, uncounted)',
      labelNames: ['type', 'reason'] as const,
      registers: [registry],
    }),
  };
}

/** Saga events a service's state machine refused, by event type and reason (saga_events_refused_total). */
export type SagaRefusals = Counter<'type' | 'reason'>;

export type Metrics = ReturnType<typeof createMetrics>;

/** A gauge whose value is read when Prometheus scrapes (connection pools, backlogs, lag). */
export function scrapedGauge<L extends string>(
  metrics: Metrics,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: (set: (value: number, labels?: Partial<Record<L, string>>) => void) => Promise<void> | void,
): Gauge<L> {
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      await read((value, labels) => (labels ? this.set(labels as Record<L, string>, value) : this.set(value)));
    },
  });
}
