import { describe, expect, it } from 'vitest';
import { metricValue } from './metrics.js';

const exposition = [
  '# HELP orders_cancelled_total Orders cancelled',
  '# TYPE orders_cancelled_total counter',
  'orders_cancelled_total{service="order-service",reason="payment_failed"} 3',
  'orders_cancelled_total{service="order-service",reason="expired"} 7',
  'payment_provider_circuit_state 2',
  'odd_label{path="a\\"b"} 1.5',
].join('\n');

describe('metricValue', () => {
  it('reads the sample whose labels match, with or without labels', () => {
    expect(metricValue(exposition, 'orders_cancelled_total', { reason: 'expired' })).toBe(7);
    expect(metricValue(exposition, 'orders_cancelled_total', { reason: 'payment_failed' })).toBe(3);
    expect(metricValue(exposition, 'payment_provider_circuit_state')).toBe(2);
    expect(metricValue(exposition, 'odd_label', { path: 'a"b' })).toBe(1.5);
  });

  it('is NaN for a name or label set that is not there, never a neighbour', () => {
    expect(metricValue(exposition, 'orders_cancelled')).toBeNaN();
    expect(metricValue(exposition, 'orders_cancelled_total', { reason: 'customer' })).toBeNaN();
  });
});
