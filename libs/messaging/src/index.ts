export * from './cloud-event.js';
export * from './consumer.js';
export * from './subscription.js';
export * from './inbox.js';
export * from './kafka-client.js';
export * from './logger.js';
export * from './outbox.js';
export * from './outbox-relay.js';
export * from './publisher.js';
export * from './topics-admin.js';
export * from './trace-context.js';

import { fileURLToPath } from 'node:url';
/** The outbox and inbox DDL every service applies before its own migrations. */
export const messagingMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
export * from './wake-loop.js';
export * from './transient-error.js';
export * from './audit-trail.js';
