import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { services, type ServiceInfo } from '@shop/contracts';
import { messagingMigrationsDir } from '@shop/messaging';
import { migrate } from '@shop/persistence';
import { devDatabaseUrl } from '@shop/runtime';

/**
 * Applies every service's migrations (or one: --service order-service) as that service's own
 * role. In a deployment the migration job sets DATABASE_URL and DATABASE_SCHEMA for its service.
 */
const { values } = parseArgs({ options: { service: { type: 'string' } } });
const selected: readonly ServiceInfo[] = values.service ? services.filter((s) => s.name === values.service) : services;
if (selected.length === 0) throw new Error(`Unknown service: ${values.service}`);

for (const service of selected) {
  const url = values.service && process.env.DATABASE_URL ? process.env.DATABASE_URL : devDatabaseUrl(service.role);
  const applied = await migrate({
    url,
    schema: (values.service && process.env.DATABASE_SCHEMA) || service.schema,
    dirs: [messagingMigrationsDir, resolve('apps', service.name, 'migrations')],
  });
  console.log(`${service.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
}
