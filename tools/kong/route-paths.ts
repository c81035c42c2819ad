const regexSpecial = /[.*+?^${}()|[\]\\]/g;

/**
 * The Kong path of an OpenAPI path template: a regex path (`~` prefix; Kong anchors it at the
 * start) ending in `$`, with `[^/]+` for each parameter — `/api/v1/orders/{id}` becomes
 * `~/api/v1/orders/[^/]+$`. Anchored at both ends, so a route never exposes the paths below it.
 */
export function kongPathOf(template: string): string {
  const segments = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(regexSpecial, '\\$&')));
  return `~${segments.join('/')}$`;
}

/**
 * `<service>-<operationId>`, or `<service>-<method>-<path>` with parameters kept by name:
 * `order-service-get-api-v1-orders-id`.
 */
export function routeNameOf(
  service: string,
  method: string,
  template: string,
  operationId: string | undefined,
): string {
  const tail = operationId ?? `${method}-${template}`;
  return `${service}-${tail
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}
