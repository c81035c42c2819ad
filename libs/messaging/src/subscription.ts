import type { EventDefinition, EventPayload } from '@shop/contracts';
import type { CloudEvent } from './cloud-event.js';

/** An error that no retry can fix (bad data, broken invariant): straight to the dead-letter topic. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

type EventHandler<T> = (event: CloudEvent<T>) => Promise<void>;

export interface Subscription<D extends EventDefinition = EventDefinition> {
  readonly definition: D;
  readonly handle: EventHandler<EventPayload<D>>;
  /** Declared with `ignoring`: a type of a subscribed topic this consumer has no business with. */
  readonly ignored?: true;
}

export function on<D extends EventDefinition>(definition: D, handle: EventHandler<EventPayload<D>>): Subscription {
  return { definition, handle: handle as EventHandler<unknown> } as Subscription;
}

const acknowledge: EventHandler<unknown> = async () => undefined;

/**
 * The types published on a consumer's topics that it deliberately does not handle: they are
 * acknowledged without being read. Any other type it has no handler for — one it never heard of, or
 * a newer version of one it handles — is parked in `<topic>.dlq`, to be redriven once it knows it.
 */
export function ignoring(...definitions: readonly EventDefinition[]): Subscription[] {
  return definitions.map((definition) => ({ definition, handle: acknowledge, ignored: true }));
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}
