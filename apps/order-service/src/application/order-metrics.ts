import { Counter, Histogram } from 'prom-client';
import type { Metrics } from '@shop/telemetry';

/** The saga's own figures: what the dashboards and the saga-latency alert read. */
export function createOrderMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    created: new Counter({ name: 'orders_created_total', help: 'Orders placed', registers }),
    confirmed: new Counter({ name: 'orders_confirmed_total', help: 'Orders confirmed by the saga', registers }),
    cancelled: new Counter({
      name: 'orders_cancelled_total',
      help: 'Orders cancelled, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    sagaDuration: new Histogram({
      name: 'saga_duration_seconds',
      help: 'From placing an order to its saga outcome (confirmed or cancelled)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
      registers,
    }),
  };
}

export type OrderMetrics = ReturnType<typeof createOrderMetrics>;
