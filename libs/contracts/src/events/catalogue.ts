import type { EventDefinition } from './define-event.js';
import * as user from './user.events.js';
import * as inventory from './inventory.events.js';
import * as order from './order.events.js';
import * as payment from './payment.events.js';
import * as audit from './audit.events.js';

const isDefinition = (v: unknown): v is EventDefinition =>
  typeof v === 'object' && v !== null && 'type' in v && 'topic' in v && 'schema' in v;

/** Every event of the platform, by CloudEvents type. The AsyncAPI document is generated from it. */
export const eventCatalogue: ReadonlyMap<string, EventDefinition> = new Map(
  [user, inventory, order, payment, audit]
    .flatMap((module) => Object.values(module))
    .filter(isDefinition)
    .map((definition) => [definition.type, definition]),
);
