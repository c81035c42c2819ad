import type { KafkaMessage } from 'kafkajs';
import { fromKafkaMessage, type CloudEvent } from './cloud-event.js';
import { UnknownEventTypeError } from './dead-letter.js';
import { transactionalApplyOf, type TransactionalApply } from './inbox.js';
import { PermanentError, type Subscription } from './subscription.js';

export type Decoded =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unknown'; readonly event: CloudEvent; readonly error: UnknownEventTypeError }
  | { readonly kind: 'invalid'; readonly error: unknown }
  | {
      readonly kind: 'event';
      readonly event: CloudEvent;
      readonly subscription: Subscription;
      readonly batch?: TransactionalApply;
    };

/** `com.shop.order.placed.v2` → `com.shop.order.placed`: what the versions of one event share. */
const unversioned = (type: string): string => type.replace(/\.v\d+$/, '');

/** Reads a consumer's messages as the events of its subscriptions. */
export class EventDecoder {
  private readonly byType = new Map<string, Subscription>();

  constructor(subscriptions: readonly Subscription[]) {
    for (const subscription of subscriptions) {
      const { type } = subscription.definition;
      // Handled twice, or handled and ignored: one of the two would silently never run.
      if (this.byType.has(type)) throw new Error(`${type} is subscribed to more than once`);
      this.byType.set(type, subscription);
    }
  }

  /**
   * Decodes a message as a CloudEvent and validates it against its contract. An ignored type is not
   * read further; a type with no subscription at all is `unknown`, to be parked.
   */
  decode(message: KafkaMessage): Decoded {
    try {
      const event = fromKafkaMessage(message.headers, message.value);
      const subscription = this.byType.get(event.type);
      if (!subscription) return { kind: 'unknown', event, error: this.unknown(event.type) };
      if (subscription.ignored) return { kind: 'ignored' };
      const parsed = subscription.definition.schema.safeParse(event.data);
      if (!parsed.success) throw new PermanentError(`payload does not match ${event.type}: ${parsed.error.message}`);
      const batch = transactionalApplyOf(subscription.handle);
      return { kind: 'event', event: { ...event, data: parsed.data }, subscription, ...(batch ? { batch } : {}) };
    } catch (error) {
      return { kind: 'invalid', error };
    }
  }

  private unknown(type: string): UnknownEventTypeError {
    const base = unversioned(type);
    const knownVersions = [...this.byType.keys()].filter((known) => unversioned(known) === base);
    return new UnknownEventTypeError(type, knownVersions);
  }
}
