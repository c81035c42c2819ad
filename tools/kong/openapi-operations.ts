import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { services, type ServiceName } from '@shop/contracts';

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** One operation of a service's OpenAPI document, and whether a client must present an access token. */
export interface Operation {
  readonly service: ServiceName;
  readonly port: number;
  readonly method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/orders/{id}`. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly requiresToken: boolean;
}

type SecurityRequirement = Record<string, string[]>;
interface OpenApiOperation {
  readonly operationId?: string;
  readonly security?: SecurityRequirement[];
}
interface OpenApiDocument {
  readonly security?: SecurityRequirement[];
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

/**
 * What clients may reach through the gateway: the public API and the JWKS; never health, metrics,
 * docs or internal paths.
 */
export function isExposed(path: string): boolean {
  if (path === '/.well-known/jwks.json') return true;
  return path.startsWith('/api/v1/') && !path.split('/').includes('internal');
}

/**
 * OpenAPI semantics: an operation's `security` replaces the document's; a token is required when
 * some requirement is listed and none of them is the empty one (`{}` means "anonymous is fine").
 */
function requiresToken(document: OpenApiDocument, operation: OpenApiOperation): boolean {
  const requirements = operation.security ?? document.security ?? [];
  return requirements.length > 0 && requirements.every((r) => Object.keys(r).length > 0);
}

/** Every operation of every service, from docs/openapi/<service>.json (written by `npm run openapi`). */
export function readOperations(root: string): Operation[] {
  return services.flatMap(({ name, port }) => {
    const document = JSON.parse(readFileSync(resolve(root, 'docs/openapi', `${name}.json`), 'utf8')) as OpenApiDocument;
    return Object.entries(document.paths).flatMap(([path, operations]) =>
      httpMethods.flatMap((method): Operation[] => {
        const operation = operations[method.toLowerCase()];
        return operation
          ? [
              {
                service: name,
                port,
                method,
                path,
                operationId: operation.operationId,
                requiresToken: requiresToken(document, operation),
              },
            ]
          : [];
      }),
    );
  });
}
