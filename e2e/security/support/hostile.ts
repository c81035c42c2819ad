import { expect } from 'vitest';

/** What a raw exchange answered: the status, the headers and the text, parsed when it is JSON. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** A request exactly as given (any body bytes, any content type, the query string unencoded). */
export async function rawCall(
  base: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  const response = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The error envelope of docs/api.md, with the status and code expected (any code when none is given). */
export function expectEnvelope(
  answer: { status: number; json?: unknown; body?: unknown },
  status: number,
  codes?: readonly string[],
): void {
  const body = answer.json ?? answer.body;
  const context = JSON.stringify(body)?.slice(0, 500);
  expect(answer.status, context).toBe(status);
  expect(body, context).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), request_id: expect.any(String) },
  });
  const { code, timestamp } = (body as { error: { code: string; timestamp: string } }).error;
  expect(Number.isNaN(Date.parse(timestamp)), context).toBe(false);
  if (codes) expect(codes, context).toContain(code);
}

/** The codes a request refused for its own shape may carry. */
export const badRequestCodes = ['VALIDATION_ERROR', 'INVALID_REQUEST'] as const;

/** Filter values an attacker tries: SQL, LIKE wildcards, escapes, unicode tricks and sheer length. */
export const hostileFilterValues: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE products; --",
  '" OR ""="',
  '%',
  '_',
  '%%',
  '\\',
  "\\'",
  '*',
  '$ne',
  '{"$gt":""}',
  'ünïcødé 🛒',
  '\u202egnp.exe',
  '\uFEFF',
  '　',
  'a'.repeat(8_000),
];

/**
 * Query strings sent as they are, never encoded by the client: malformed percent-escapes, bytes
 * that are not UTF-8, an array or an object where a scalar is expected.
 */
export const rawHostileQueries = (name: string): readonly string[] => [
  `${name}=%`,
  `${name}=%zz`,
  `${name}=%ff`,
  `${name}=%c3%28`,
  `${name}=%ed%a0%80`,
  `${name}=a&${name}=b`,
  `${name}[]=a`,
  `${name}[$ne]=x`,
  `${name}`,
];
