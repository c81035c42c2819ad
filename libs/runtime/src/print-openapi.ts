import { serviceInfo } from '@shop/contracts';
import { baseConfigSchema, parseServiceConfig, type BaseConfig } from './config.js';
import { createInfrastructure } from './infrastructure.js';
import type { ServiceDefinition } from './start-service.js';

/**
 * Builds a service exactly as it runs (same routes, same zod schemas) without connecting to
 * anything, and writes its OpenAPI document to stdout. `npm run openapi` collects them all.
 */
export async function printOpenApi<C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<void> {
  const schema = (definition.configSchema ?? baseConfigSchema) as typeof baseConfigSchema;
  // A build-time tool: it connects to nothing, so the development profile's defaults are enough.
  const config = parseServiceConfig(schema, serviceInfo(definition.name), {
    APP_PROFILE: 'development',
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
