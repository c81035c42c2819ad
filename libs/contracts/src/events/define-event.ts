import type { z } from 'zod';

/**
 * One event of the catalogue: its CloudEvents type (versioned), the topic it travels on and
 * the zod schema of its payload. Types are inferred from the schema, never written twice.
 */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly topic: string;
  readonly schema: TSchema;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  topic: string,
  schema: TSchema,
): EventDefinition<TType, TSchema> {
  return { type, topic, schema };
}

export type EventPayload<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;
