import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkKongConfig } from './support/kong/config-checks.js';
import { expectedOperations } from './support/kong/expectations.js';

const root = resolve(import.meta.dirname, '..');
const operations = expectedOperations(root);

interface Route {
  name: string;
  methods?: string[];
  paths?: string[];
  plugins?: { name: string; config: Record<string, unknown> }[];
}
interface Config {
  services: { name: string; routes: Route[] }[];
  plugins: { name: string; config: Record<string, unknown> }[];
}

/** A fresh copy of the committed configuration, to break one thing in. */
const config = (): Config => parse(readFileSync(resolve(root, 'infra/kong/kong.yaml'), 'utf8'));
const routes = (c: Config, service: string) => c.services.find((s) => s.name === service)!.routes;
const route = (c: Config, name: string) => c.services.flatMap((s) => s.routes).find((r) => r.name === name)!;
const protectedOperation = operations.find((o) => o.exposed && o.requiresToken)!;
const publicOperation = operations.find((o) => o.exposed && !o.requiresToken)!;
const routeServing = (c: Config, op: { method: string; sample: string }) =>
  c.services
    .flatMap((s) => s.routes)
    .find((r) => r.methods?.includes(op.method) && r.paths?.some((p) => new RegExp(`^${p.slice(1)}`).test(op.sample)))!;

/** Each check of the Kong configuration fails when the thing it guards is broken. */
describe('Kong configuration checks', () => {
  it('pass on the committed configuration, which has routes with and without a token', () => {
    expect(protectedOperation).toBeDefined();
    expect(publicOperation).toBeDefined();
    expect(checkKongConfig(config(), operations)).toEqual([]);
  });

  it('notice an operation without a route', () => {
    const c = config();
    const orders = routes(c, 'order-service');
    orders.splice(orders.indexOf(route(c, 'order-service-get-api-v1-orders-id')), 1);
    expect(checkKongConfig(c, operations)).toContainEqual(
      expect.stringMatching(/^missing: no route serves order-service GET \/api\/v1\/orders\/\{id\}/),
    );
  });

  it('notice a route of another service claiming the same requests', () => {
    const c = config();
    routes(c, 'inventory-service').push({
      name: 'inventory-service-orders',
      methods: ['GET'],
      paths: ['~/api/v1/orders/[^/]+$'],
    });
    const problems = checkKongConfig(c, operations);
    expect(problems).toContainEqual(
      expect.stringMatching(
        new RegExp(
          /^overlap: GET \/api\/v1\/orders\/\S+ matches /.source +
            /(?=.*order-service\/order-service-get-api-v1-orders-id)(?=.*inventory-service\/inventory-service-orders)/
              .source,
        ),
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^wrong service: order-service GET \/api\/v1\/orders\/\{id\}/),
    );
  });

  it('notice a prefix path, which exposes what lies below it, and a health route', () => {
    const c = config();
    route(c, 'order-service-get-api-v1-orders').paths = ['/api/v1/orders'];
    routes(c, 'user-service').push({ name: 'user-service-health', methods: ['GET'], paths: ['~/health$'] });
    const problems = checkKongConfig(c, operations);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^exposed: route order-service-get-api-v1-orders path \/api\/v1\/orders matches everything below it/,
      ),
    );
    expect(problems).toContainEqual('exposed: /health is served by user-service-health');
    expect(problems).toContainEqual(expect.stringMatching(/^dangling: route user-service-health/));
  });

  it('reject a misspelt plugin field, an unknown plugin and an unknown route field, as Kong would', () => {
    const c = config();
    const limit = route(c, routeServing(c, publicOperation).name).plugins!.find((p) => p.name === 'rate-limiting')!;
    limit.config['limit-by'] = limit.config.limit_by;
    expect(checkKongConfig(c, operations)).toContainEqual(
      expect.stringMatching(/^schema: services\.\d+\.routes\.\d+\.plugins\.\d+\.config: Unrecognized key: "limit-by"/),
    );

    const d = config();
    d.plugins.push({ name: 'request-id', config: {} });
    expect(checkKongConfig(d, operations)).toContainEqual(expect.stringMatching(/^schema: plugins\.1\.name: /));

    const e = config();
    (routes(e, 'user-service')[0] as Route & { strip_paths?: boolean }).strip_paths = false;
    expect(checkKongConfig(e, operations)).toContainEqual(
      expect.stringMatching(/^schema: services\.0\.routes\.0: Unrecognized key: "strip_paths"/),
    );
  });

  it('notice a protected operation without jwt, and a public one behind it', () => {
    const c = config();
    const guarded = routeServing(c, protectedOperation);
    guarded.plugins = guarded.plugins!.filter((p) => p.name !== 'jwt');
    const open = routeServing(c, publicOperation);
    open.plugins!.unshift(
      structuredClone(routeServing(config(), protectedOperation).plugins!.find((p) => p.name === 'jwt')!),
    );
    const problems = checkKongConfig(c, operations);
    expect(problems).toContain(
      `jwt: ${guarded.name} lets ${protectedOperation.method} ${protectedOperation.path} through without a token`,
    );
    expect(problems).toContain(
      `jwt: ${open.name} demands a token that ${publicOperation.method} ${publicOperation.path} does not need`,
    );
  });

  it('notice edge limits that are not the tiers, and Kong rate-limit headers shown to clients', () => {
    const c = config();
    const limit = routeServing(c, protectedOperation).plugins!.find((p) => p.name === 'rate-limiting')!;
    limit.config.hour = (limit.config.hour as number) - 1;
    limit.config.hide_client_headers = false;
    const problems = checkKongConfig(c, operations);
    expect(problems).toContainEqual(expect.stringMatching(/^rate limit: \S+ has \{.*"hour":\d+.*\}, the tiers give/));
    expect(problems).toContainEqual(
      expect.stringMatching(/^rate limit: \S+ must count in Redis and hide Kong's headers/),
    );
  });

  it('notice request ids on another header', () => {
    const c = config();
    c.plugins.find((p) => p.name === 'correlation-id')!.config.header_name = 'Kong-Request-ID';
    expect(checkKongConfig(c, operations)).toContain(
      'correlation-id: needs a global plugin on X-Request-Id that echoes it downstream',
    );
  });
});
