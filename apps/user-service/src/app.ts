import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@shop/http';
import type { Infrastructure } from '@shop/runtime';
import type { UserPrisma } from './persistence/prisma.js';

export interface UserAppDeps {
  readonly infra: Pick<Infrastructure, 'logger' | 'metrics' | 'readiness' | 'publicKey'>;
  readonly prisma: UserPrisma;
}

/** The user service's HTTP app: shared plugins from @shop/http, then this service's routes. */
export async function buildApp(deps: UserAppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp({ name: 'user-service', logger: deps.infra.logger, metrics: deps.infra.metrics, readiness: deps.infra.readiness, publicKey: deps.infra.publicKey });
  return app;
}
