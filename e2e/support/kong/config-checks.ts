import type { z } from 'zod';
import { routeMatches, routesMatching } from './kong-router.js';
import { KongDeclarativeConfig, type KongPlugin, type KongRoute } from './kong-schema.js';
import { anonymousEdgeLimit, neverExposed, tokenEdgeLimit, type ExpectedOperation } from './expectations.js';

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const pluginOf = <N extends KongPlugin['name']>(route: KongRoute, name: N) =>
  route.plugins?.find((p): p is Extract<KongPlugin, { name: N }> => p.name === name);

const describeIssue = (issue: z.core.$ZodIssue) => `schema: ${issue.path.join('.') || '(root)'}: ${issue.message}`;

/**
 * Every way the gateway configuration can disagree with the services, as a list of problems
 * (empty when it is right). Not a Kong emulator: it checks the forms we generate.
 */
export function checkKongConfig(input: unknown, operations: readonly ExpectedOperation[]): string[] {
  const parsed = KongDeclarativeConfig.safeParse(input);
  if (!parsed.success) return parsed.error.issues.map(describeIssue);
  const config = parsed.data;
  const problems: string[] = [];
  const routes = (config.services ?? []).flatMap((s) => (s.routes ?? []).map((route) => ({ service: s.name, route })));

  // Each operation reaches exactly one route, of its own service; a hidden one reaches none.
  for (const op of operations) {
    const matched = routesMatching(config, op.method, op.sample);
    const label = `${op.service} ${op.method} ${op.path}`;
    if (!op.exposed) {
      if (matched[0]) problems.push(`exposed: ${label} is internal but route ${matched[0].route.name} serves it`);
      continue;
    }
    if (matched.length === 0) problems.push(`missing: no route serves ${label} (${op.sample})`);
    else if (matched.some((m) => m.service !== op.service))
      problems.push(`wrong service: ${label} is routed to ${matched.map((m) => m.service).join(', ')}`);
  }

  // No request is claimed by two routes, whatever the method.
  const samples = [...new Set([...operations.map((o) => o.sample), ...neverExposed])];
  for (const sample of samples) {
    for (const method of methods) {
      const matched = routesMatching(config, method, sample);
      if (matched.length > 1)
        problems.push(
          `overlap: ${method} ${sample} matches ${matched.map((m) => `${m.service}/${m.route.name}`).join(' and ')}`,
        );
    }
  }

  // Nothing else is reachable: no health, metrics, docs or internal path; no prefix path (it would
  // expose what lies below).
  for (const path of neverExposed) {
    const matched = methods.flatMap((m) => routesMatching(config, m, path));
    if (matched[0]) problems.push(`exposed: ${path} is served by ${matched[0].route.name}`);
  }
  for (const { route } of routes) {
    for (const path of route.paths ?? []) {
      if (!path.startsWith('~') || !path.endsWith('$'))
        problems.push(
          `exposed: route ${route.name} path ${path} matches everything below it (use an anchored ~…$ regex)`,
        );
    }
    const serves = operations.filter((op) => op.exposed && routeMatches(route, op.method, op.sample));
    const isPreflight = route.methods?.length === 1 && route.methods[0] === 'OPTIONS';
    if (serves.length === 0 && !isPreflight) problems.push(`dangling: route ${route.name} serves no OpenAPI operation`);
    if (isPreflight && route.plugins?.length)
      problems.push(`preflight: route ${route.name} must answer browsers without token or limits`);
  }

  // A token exactly where the OpenAPI document asks for one; a per-route edge limit everywhere else too.
  for (const op of operations.filter((o) => o.exposed)) {
    const [match] = routesMatching(config, op.method, op.sample);
    if (!match) continue;
    const { route } = match;
    const jwt = pluginOf(route, 'jwt');
    if (op.requiresToken && !jwt)
      problems.push(`jwt: ${route.name} lets ${op.method} ${op.path} through without a token`);
    if (!op.requiresToken && jwt)
      problems.push(`jwt: ${route.name} demands a token that ${op.method} ${op.path} does not need`);
    if (jwt) {
      if (jwt.config.key_claim_name !== 'kid')
        problems.push(`jwt: ${route.name} must find the credential by the tokens' kid header (they carry no iss)`);
      if (!jwt.config.claims_to_verify?.includes('exp')) problems.push(`jwt: ${route.name} does not verify exp`);
      if (jwt.config.uri_param_names?.length !== 0 || jwt.config.cookie_names?.length)
        problems.push(`jwt: ${route.name} accepts tokens outside the Authorization header`);
    }
    const limit = pluginOf(route, 'rate-limiting');
    const expected = op.requiresToken
      ? { ...tokenEdgeLimit, limit_by: 'header', header_name: 'Authorization' }
      : { ...anonymousEdgeLimit, limit_by: 'ip' };
    if (!limit) {
      problems.push(`rate limit: ${route.name} has none`);
      continue;
    }
    const { second, hour, limit_by, header_name } = limit.config;
    const actual = { second, hour, limit_by, ...(header_name ? { header_name } : {}) };
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(
        `rate limit: ${route.name} has ${JSON.stringify(actual)}, the tiers give ${JSON.stringify(expected)}`,
      );
    if (limit.config.policy !== 'redis' || limit.config.hide_client_headers !== true)
      problems.push(
        `rate limit: ${route.name} must count in Redis and hide Kong's headers ` +
          `(the services' X-RateLimit-* name the real tier)`,
      );
  }
  if (!(config.consumers ?? []).some((c) => c.jwt_secrets?.some((s) => s.algorithm === 'RS256')))
    problems.push('jwt: no consumer holds an RS256 credential for the access tokens');

  // Request ids: the header the services read and echo.
  const correlation = config.plugins?.find(
    (p): p is Extract<KongPlugin, { name: 'correlation-id' }> => p.name === 'correlation-id',
  );
  if (correlation?.config.header_name !== 'X-Request-Id' || correlation.config.echo_downstream !== true)
    problems.push('correlation-id: needs a global plugin on X-Request-Id that echoes it downstream');
  const names = (config.plugins ?? []).map((p) => p.name);
  if (new Set(names).size !== names.length)
    problems.push(`plugins: a global plugin is configured twice (${names.join(', ')})`);
  return problems;
}
