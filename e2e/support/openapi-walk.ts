import { randomUUID } from 'node:crypto';
import { services, type ServiceName } from '@shop/contracts';
import type { Stack } from './stack.js';

/** What an operation's OpenAPI `security` asks of a caller. */
export type Authentication = 'required' | 'optional' | 'none';

/** One operation of a service's served OpenAPI document, with a concrete request to call it by. */
export interface ServedOperation {
  readonly service: ServiceName;
  readonly method: string;
  /** The path template, e.g. `/api/v1/orders/{id}`. */
  readonly path: string;
  readonly authentication: Authentication;
  /** Every parameter filled with a random UUID: a resource nobody holds. */
  readonly samplePath: string;
  /** The least body a request may carry (`{}`) when the operation takes one; validation refuses it later. */
  readonly body: object | undefined;
  /** The statuses the document declares. */
  readonly responses: readonly string[];
  /** Every operation with a path parameter acts on a resource that has an id. */
  readonly hasId: boolean;
}

type Requirement = Record<string, unknown>;
interface OperationObject {
  readonly security?: Requirement[];
  readonly requestBody?: unknown;
  readonly responses?: Record<string, unknown>;
}
export interface OpenApiDocument {
  readonly security?: Requirement[];
  readonly paths: Record<string, Record<string, OperationObject>>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];
export const label = (op: Pick<ServedOperation, 'service' | 'method' | 'path'>) =>
  `${op.service} ${op.method} ${op.path}`;

/**
 * OpenAPI semantics: an operation's `security` replaces the document's; no requirement at all is
 * "none", a list that also holds the empty requirement `{}` is "optional" (a token that is sent is
 * verified), any other list is "required".
 */
export function authenticationOf(document: OpenApiDocument, operation: OperationObject): Authentication {
  const requirements = operation.security ?? document.security ?? [];
  if (requirements.length === 0) return 'none';
  return requirements.some((r) => Object.keys(r).length === 0) ? 'optional' : 'required';
}

/** Every operation of a document, in the order the document lists them. */
export function operationsOf(service: ServiceName, document: OpenApiDocument): ServedOperation[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({
        service,
        method: method.toUpperCase(),
        path,
        authentication: authenticationOf(document, operation),
        samplePath: path.replace(/\{[^}]+\}/g, () => randomUUID()),
        body: operation.requestBody === undefined ? undefined : {},
        responses: Object.keys(operation.responses ?? {}),
        hasId: /\{[^}]+\}/.test(path),
      })),
  );
}

/** Each service's document as it serves it on GET /openapi.json, walked: what the running platform says of itself. */
export async function servedOperations(stack: Stack): Promise<ServedOperation[]> {
  const documents = await Promise.all(
    services.map(async ({ name }) => {
      const response = await fetch(`${stack.url(name)}/openapi.json`);
      if (response.status !== 200) throw new Error(`${name} serves no /openapi.json (${response.status})`);
      return operationsOf(name, (await response.json()) as OpenApiDocument);
    }),
  );
  return documents.flat();
}
