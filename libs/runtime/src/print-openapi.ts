import { serviceInfo } from '@shop/contracts';
import { baseConfigSchema, devDefaults, parseConfig, type BaseConfig } from './config.js';
import { createInfrastructure } from './infrastructure.js';
import type { ServiceDefinition } from './start-service.js';

/**
 * Builds a service exactly as it runs (same routes, same zod schemas) without connecting to
 * anything, and writes its OpenAPI document to stdout. `npm run openapi` collects them all.
 */
export async function printOpenApi<C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<void> {
  const schema = (definition.configSchema ?? baseConfigSchema) as typeof baseConfigSchema;
  const config = parseConfig(schema, {
    ...devDefaults(serviceInfo(definition.name)),
    LOG_LEVEL: 'silent',
  }) as unknown as C;
  const infra = createInfrastructure(definition.name, config);
  const built = await definition.build(infra, config);
  await built.app.ready();
  process.stdout.write(`${JSON.stringify(built.app.swagger(), null, 2)}\n`);
  await built.app.close();
  await built.close?.();
  await infra.close();
}
