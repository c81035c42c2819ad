import type { KongDeclarativeConfig, KongRoute } from './kong-schema.js';

/**
 * Kong's route matching for the route forms we use (methods + paths; no hosts, headers or snis),
 * as the `traditional_compatible` router does it: a route without methods or paths matches any;
 * a plain path matches as a prefix; a `~` path is a regex anchored at the start (`^`), not at the end.
 */
export function routeMatches(route: KongRoute, method: string, path: string): boolean {
  if (route.methods && route.methods.length > 0 && !route.methods.includes(method as never)) return false;
  if (!route.paths || route.paths.length === 0) return true;
  return route.paths.some((p) => (p.startsWith('~') ? new RegExp(`^${p.slice(1)}`).test(path) : path.startsWith(p)));
}

export interface MatchedRoute {
  readonly service: string;
  readonly route: KongRoute;
}

export function routesMatching(config: KongDeclarativeConfig, method: string, path: string): MatchedRoute[] {
  return (config.services ?? []).flatMap((service) =>
    (service.routes ?? [])
      .filter((route) => routeMatches(route, method, path))
      .map((route) => ({ service: service.name, route })),
  );
}
