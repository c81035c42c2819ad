import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { serviceInfo, type ServiceName } from '@shop/contracts';
import { createMetricsApp } from '@shop/http';
import type { EventConsumer } from '@shop/messaging';
import { baseConfigSchema, ConfigError, parseServiceConfig, type BaseConfig } from './config.js';
import { createInfrastructure, type Infrastructure } from './infrastructure.js';
import { runService } from './run-service.js';

export interface BuiltService {
  readonly app: FastifyInstance;
  readonly consumers: readonly EventConsumer[];
  /** Service-specific background work (sweepers, ...), started after the consumers. */
  readonly background?: { start(): Promise<void>; stop(): Promise<void> };
  /** Closes what the service itself opened (its Prisma client, ...). */
  readonly close?: () => Promise<void>;
}

export interface ServiceDefinition<C extends BaseConfig> {
  readonly name: ServiceName;
  readonly configSchema?: z.ZodType<C>;
  build(infra: Infrastructure, config: C): Promise<BuiltService>;
}

/**
 * The whole of a service's main: parse config (the development defaults only under a development
 * APP_PROFILE), connect, build, listen (the API and, apart, the metrics), and shut down gracefully.
 */
export async function startService<C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<void> {
  const schema = (definition.configSchema ?? baseConfigSchema) as z.ZodType<C>;
  let config: C;
  try {
    config = parseServiceConfig(schema, serviceInfo(definition.name), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${definition.name}: ${error.message}`);
    process.exit(1);
  }
  const infra = createInfrastructure(definition.name, config);
  const built = await definition.build(infra, config);
  await runService({
    app: built.app,
    logger: infra.logger,
    host: config.HOST,
    port: config.PORT,
    metrics: { app: createMetricsApp(infra.metrics), port: config.METRICS_PORT },
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    failed: infra.consumerGaveUp,
    startBackground: async () => {
      await infra.relay.start();
      await Promise.all(built.consumers.map((c) => c.start()));
      await built.background?.start();
    },
    stopBackground: async () => {
      await built.background?.stop();
      await Promise.all(built.consumers.map((c) => c.stop()));
      await built.close?.();
      await infra.close();
    },
  });
}
