import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ErrorEnvelope, services } from '@shop/contracts';
import { call } from '../support/api.js';
import { anonymousEdgeLimit, isExposed, tokenEdgeLimit } from '../support/kong/expectations.js';
import { routesMatching } from '../support/kong/kong-router.js';
import { KongDeclarativeConfig, type KongRoute } from '../support/kong/kong-schema.js';
import { label, servedOperations, type ServedOperation } from '../support/openapi-walk.js';
import { startStack, type Stack } from '../support/stack.js';

const root = resolve(import.meta.dirname, '../..');
const kong = () => KongDeclarativeConfig.parse(parse(readFileSync(resolve(root, 'infra/kong/kong.yaml'), 'utf8')));

/** What the service answered a caller without a token, against what its OpenAPI `security` says. */
function serviceProblems(op: ServedOperation, status: number, body: unknown): string[] {
  if (op.authentication === 'required') {
    const problems: string[] = [];
    if (!op.responses.includes('401')) problems.push(`${label(op)} requires a token but documents no 401`);
    const envelope = ErrorEnvelope.safeParse(body);
    if (status !== 401 || !envelope.success || envelope.data.error.code !== 'UNAUTHORIZED')
      problems.push(`${label(op)} requires a token but answered ${status} ${JSON.stringify(body)} without one`);
    return problems;
  }
  // Authentication runs on request, before the body is validated: anything but 401 (the empty body's
  // 400 included) shows the service let the anonymous caller past it, as `security` promises.
  if (status === 401 || status >= 500)
    return [`${label(op)} is ${op.authentication === 'none' ? 'public' : 'optional'} but answered ${status}`];
  return [];
}

/** The gateway route of the operation in infra/kong/kong.yaml, against the same `security`. */
function kongProblems(op: ServedOperation, config: KongDeclarativeConfig): string[] {
  const matched = routesMatching(config, op.method, op.samplePath);
  if (!isExposed(op.path))
    return matched.length === 0 ? [] : [`${label(op)} is not public but Kong routes it (${matched[0]!.route.name})`];
  if (matched.length !== 1) return [`${label(op)} is served by ${matched.length} Kong routes, not one`];
  const route: KongRoute = matched[0]!.route;
  const problems: string[] = [];
  const needsToken = op.authentication === 'required';
  const jwt = route.plugins?.some((p) => p.name === 'jwt') ?? false;
  if (jwt !== needsToken)
    problems.push(
      `${label(op)}: Kong route ${route.name} ${jwt ? 'has' : 'lacks'} the jwt plugin (${op.authentication})`,
    );
  const limit = route.plugins?.find((p) => p.name === 'rate-limiting');
  const expected = needsToken
    ? { ...tokenEdgeLimit, limit_by: 'header', header_name: 'Authorization' }
    : { ...anonymousEdgeLimit, limit_by: 'ip' };
  const actual = limit && {
    second: limit.config.second,
    hour: limit.config.hour,
    limit_by: limit.config.limit_by,
    ...(limit.config.header_name ? { header_name: limit.config.header_name } : {}),
  };
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    problems.push(
      `${label(op)}: Kong route ${route.name} limits ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
    );
  return problems;
}

/**
 * Every operation of every service's served OpenAPI document, called without a token: the document's
 * `security` (required, optional, none), what the service answers (401 in the envelope exactly when a
 * token is required) and the generated Kong route (jwt plugin exactly then; the token or the anonymous
 * edge tier of tools/kong/edge-limits.ts) must agree. A route that authenticates without declaring it
 * is found by the answer; a declaration Kong does not follow, by the route.
 */
describe('route protection: OpenAPI, the services and Kong agree, end to end', () => {
  let stack: Stack;
  let operations: ServedOperation[];

  beforeAll(async () => {
    stack = await startStack({ services: services.map((s) => s.name), portBase: 7600 });
    operations = await servedOperations(stack);
  }, 180_000);
  afterAll(() => stack?.stop());

  it('walks operations of every service, with and without a token required', () => {
    expect(new Set(operations.map((o) => o.service))).toEqual(new Set(services.map((s) => s.name)));
    expect(operations.filter((o) => o.authentication === 'required').length).toBeGreaterThan(0);
    expect(operations.filter((o) => o.authentication !== 'required').length).toBeGreaterThan(0);
  });

  it('answers each operation without a token as its OpenAPI security says', async () => {
    const problems: string[] = [];
    for (const op of operations) {
      const response = await call(stack.url(op.service), op.method, op.samplePath, {}, op.body);
      problems.push(...serviceProblems(op, response.status, response.body));
    }
    expect(problems).toEqual([]);
  });

  it('routes each operation through Kong with the jwt plugin and the edge tier its OpenAPI security implies', () => {
    const config = kong();
    expect(operations.flatMap((op) => kongProblems(op, config))).toEqual([]);
  });
});
