import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { services } from '@shop/contracts';
import { defaultTiers, type Tier } from '@shop/http';

/**
 * What the gateway must do, stated independently of the generator in tools/kong, so a bug there
 * cannot hide itself: read straight from the OpenAPI documents and the tiers.
 */
export interface ExpectedOperation {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  /** A concrete request path: each parameter filled with an id. */
  readonly sample: string;
  readonly exposed: boolean;
  readonly requiresToken: boolean;
}

const sampleId = '3f2b8c4e-5d6a-4b7c-9e1f-0a2b3c4d5e6f';
export const samplePathOf = (template: string) => template.replace(/\{[^}]+\}/g, sampleId);

/** Only the public API and the JWKS pass the gateway. */
export const isExposed = (path: string) =>
  path === '/.well-known/jwks.json' || (path.startsWith('/api/v1/') && !path.split('/').includes('internal'));

/** Paths that exist on every service or are internal, and must never be reachable through Kong. */
export const neverExposed = [
  '/health',
  '/ready',
  '/metrics',
  '/openapi.json',
  '/internal/replay',
  '/api/v1/internal/replay',
  `/api/v1/orders/${sampleId}/internal`,
];

type Requirement = Record<string, unknown>;
interface Document {
  security?: Requirement[];
  paths: Record<string, Record<string, { security?: Requirement[] }>>;
}

export function expectedOperations(root: string): ExpectedOperation[] {
  return services.flatMap(({ name }) => {
    const document = JSON.parse(readFileSync(resolve(root, 'docs/openapi', `${name}.json`), 'utf8')) as Document;
    return Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => {
          const security = operation.security ?? document.security ?? [];
          return {
            service: name,
            method: method.toUpperCase(),
            path,
            sample: samplePathOf(path),
            exposed: isExposed(path),
            requiresToken: security.length > 0 && security.every((r) => Object.keys(r).length > 0),
          };
        }),
    );
  });
}

/** The busiest a service's token bucket lets a caller be: a full burst plus refill, per second and per hour. */
export const edgeLimitOf = (tier: Tier) => ({
  second: tier.burst + Math.ceil(tier.perHour / 3600),
  hour: tier.perHour + tier.burst,
});
export const anonymousEdgeLimit = edgeLimitOf(defaultTiers.anonymous);
/** The most generous tier a customer or partner can hold; the `load` tier of benchmarks never opens the edge. */
const { load: _loadTestsOnly, ...customerTiers } = defaultTiers;
export const tokenEdgeLimit = edgeLimitOf(
  Object.values(customerTiers).reduce<Tier>((a, b) => (b.perHour > a.perHour ? b : a), defaultTiers.anonymous),
);
