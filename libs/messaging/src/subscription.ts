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
}

export function on<D extends EventDefinition>(definition: D, handle: EventHandler<EventPayload<D>>): Subscription {
  return { definition, handle: handle as EventHandler<unknown> } as Subscription;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}
