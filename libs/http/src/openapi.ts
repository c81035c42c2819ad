import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export interface OpenApiPluginOptions {
  readonly title: string;
  readonly version: string;
}

/**
 * `shop-openapi`: the service's OpenAPI 3.1 document, built from the zod schemas of the routes
 * registered after it, served on GET /openapi.json. Costs nothing per request.
 */
export const openApiPlugin = fp(
  async (app: FastifyInstance, { title, version }: OpenApiPluginOptions) => {
    await app.register(swagger, {
      openapi: {
        info: { title, version },
        openapi: '3.1.0',
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
      transform: jsonSchemaTransform,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'shop-openapi', fastify: '5.x' },
);
