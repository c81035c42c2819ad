import { resolve } from 'node:path';
import { createTestSchema, type TestSchema } from './test-schema.js';

/**
 * A fresh schema with a service's real migrations (the messaging tables first, then the
 * service's own), for tests that need the service's tables without sharing its data.
 */
export function createServiceTestSchema(service: string, messagingMigrationsDir: string): Promise<TestSchema> {
  const workspaceRoot = resolve(import.meta.dirname, '../../..');
  return createTestSchema(service.replace(/-service$/, ''), [
    messagingMigrationsDir,
    resolve(workspaceRoot, 'apps', service, 'migrations'),
  ]);
}
