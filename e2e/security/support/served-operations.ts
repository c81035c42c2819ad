import { services, type ServiceName } from '@shop/contracts';
import type { Stack } from '../../support/stack.js';

/** A JSON Schema as the served OpenAPI documents spell it (only what these tests read). */
export interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly schema?: JsonSchema;
}

/** One operation a service serves, read from its own `/openapi.json`, so a new route is covered too. */
export interface ServedOperation {
  readonly service: ServiceName;
  readonly method: string;
  /** The OpenAPI path template, e.g. `/api/v1/products/{id}`. */
  readonly path: string;
  readonly queryParameters: readonly Parameter[];
  readonly pathParameters: readonly Parameter[];
  readonly bodySchema: JsonSchema | undefined;
  /** Whether the document says a token is needed (`security`). */
  readonly secured: boolean;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationObject>>;
}
interface OperationObject {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
  readonly security?: readonly unknown[];
}

/** Every operation of every service of the stack, as each one serves its OpenAPI document. */
export async function servedOperations(stack: Stack): Promise<ServedOperation[]> {
  const operations: ServedOperation[] = [];
  for (const { name } of services) {
    if (!stack.processes.has(name)) continue;
    const response = await fetch(`${stack.url(name)}/openapi.json`);
    if (response.status !== 200) throw new Error(`${name} serves no /openapi.json (${response.status})`);
    const document = (await response.json()) as OpenApiDocument;
    for (const [path, byMethod] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(byMethod)) {
        const parameters = operation.parameters ?? [];
        operations.push({
          service: name,
          method: method.toUpperCase(),
          path,
          queryParameters: parameters.filter((p) => p.in === 'query'),
          pathParameters: parameters.filter((p) => p.in === 'path'),
          bodySchema: operation.requestBody?.content?.['application/json']?.schema,
          secured: (operation.security ?? []).length > 0,
        });
      }
    }
  }
  return operations;
}

/** The operations that list a collection: a GET with query parameters and no id in its path. */
export const listOperations = (operations: readonly ServedOperation[]) =>
  operations.filter((o) => o.method === 'GET' && o.pathParameters.length === 0 && o.queryParameters.length > 0);

/** The operations that take a JSON body. */
export const bodyOperations = (operations: readonly ServedOperation[]) =>
  operations.filter((o) => o.bodySchema !== undefined);

/** The path with each `{param}` filled in (a well-formed id nobody has, unless given). */
export const concretePath = (operation: ServedOperation, ids: Record<string, string> = {}) =>
  operation.path.replace(/\{(\w+)\}/g, (_all, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');

export const describeOperation = (o: ServedOperation) => `${o.service} ${o.method} ${o.path}`;

/** Every object schema in a body schema, with where it sits (`body.items[]`). */
export function objectSchemasOf(schema: JsonSchema, at = 'body'): { at: string; schema: JsonSchema }[] {
  const found: { at: string; schema: JsonSchema }[] = [];
  if (schema.type === 'object' || schema.properties) found.push({ at, schema });
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    found.push(...objectSchemasOf(child, `${at}.${key}`));
  if (schema.items) found.push(...objectSchemasOf(schema.items, `${at}[]`));
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) {
    found.push(...objectSchemasOf(alternative, at));
  }
  return found;
}
