import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import fp from 'fastify-plugin';

export interface CorsPluginOptions {
  /** Browser origins allowed to call the API; none by default: API clients are not browsers. */
  readonly origins?: readonly string[];
}

/** `shop-cors`: which browser origins may read the answers, and the preflight they ask first. */
export const corsPlugin = fp(
  async (app: FastifyInstance, { origins }: CorsPluginOptions) => {
    await app.register(cors, {
      origin: origins && origins.length > 0 ? [...origins] : false,
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'prefer', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'location', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
    });
  },
  { name: 'shop-cors', fastify: '5.x' },
);
