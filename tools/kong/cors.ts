/**
 * The services' CORS policy (createHttpApp's @fastify/cors options in @shop/http), as Kong's cors
 * plugin, for the origins in CORS_ORIGINS. e2e/kong-config.test.ts compares it with a real
 * service's preflight answer, so the two cannot drift apart silently.
 */
export function corsPlugin(origins: readonly string[]) {
  return {
    name: 'cors',
    config: {
      origins: [...origins],
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      headers: ['authorization', 'content-type', 'idempotency-key', 'prefer', 'x-request-id'],
      exposed_headers: ['x-request-id', 'location', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      max_age: 600,
      credentials: false,
      preflight_continue: false,
    },
  };
}
