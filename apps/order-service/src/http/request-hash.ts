import { createHash } from 'node:crypto';

// Code-unit order, not localeCompare: a collation ranks look-alike keys (é, e + U+0301) as equal,
// and then their written order would leak into the fingerprint (and it varies with the ICU data).
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => byCodeUnits(a, b))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v;

/** The request's fingerprint: method, route and canonical body (keys sorted, so formatting doesn't matter). */
export function requestHash(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${JSON.stringify(canonical(body))}`)
    .digest('hex');
}
