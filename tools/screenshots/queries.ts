/** The queries behind the screenshots, shared with the runbooks' wording (docs/runbooks/). */

const step = (expr: string, name: string) => `label_replace(${expr}, "step", "${name}", "", "")`;

/** One graph of the funnel: orders placed, confirmed and cancelled (by reason) per second. */
export const funnelQuery = [
  step('sum(rate(orders_created_total[1m]))', 'placed'),
  step('sum(rate(orders_confirmed_total[1m]))', 'confirmed'),
  step('sum by (reason) (rate(orders_cancelled_total[1m]))', 'cancelled'),
].join(' or ');

interface ZipkinSpan {
  readonly traceId: string;
  readonly timestamp: number;
}

/**
 * The traces of an order (one, when every hop continued it): Zipkin's search by the `order.id` tag
 * that every saga event's consumer span carries (libs/messaging consumer-span.ts), over the last day.
 */
export async function orderTraceIds(zipkin: string, orderId: string): Promise<string[]> {
  const day = String(24 * 3600 * 1000);
  const params = new URLSearchParams({ annotationQuery: `order.id=${orderId}`, lookback: day, limit: '10' });
  const response = await fetch(`${zipkin}/api/v2/traces?${params}`);
  if (!response.ok) throw new Error(`Zipkin answered ${response.status} to the search for order ${orderId}`);
  const traces = (await response.json()) as ZipkinSpan[][];
  // Oldest first: the trace that holds the order's POST.
  const first = (t: ZipkinSpan[]) => Math.min(...t.map((s) => s.timestamp));
  const ids = traces.sort((a, b) => first(a) - first(b)).flatMap((t) => (t[0] ? [t[0].traceId] : []));
  if (ids.length === 0) throw new Error(`no trace in Zipkin has a span with order.id=${orderId}`);
  return ids;
}
