import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Metrics } from '@shop/telemetry';
import { accessLogPlugin, requestLogger } from './access-log.js';
import { authPlugin, type AccessTokenParties, type AuthOptions } from './auth.js';
import { corsPlugin } from './cors.js';
import { errorsPlugin } from './error-handler.js';
import { healthPlugin, type ReadinessCheck } from './health.js';
import { metricsPlugin } from './metrics.js';
import { openApiPlugin } from './openapi.js';
import { rateLimitPlugin, type RateLimitOptions } from './rate-limit.js';
import { refuseNulPlugin } from './refuse-nul.js';
import { requestIdOf, requestIdPlugin } from './request-id.js';
import { securityHeadersPlugin } from './security-headers.js';
import { tokenRevocationPlugin, type TokenRevocationOptions } from './token-revocation.js';

/** What a service's HTTP app is built from: its infrastructure, handed over as one object. */
export interface HttpInfrastructure {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Record<string, ReadinessCheck>;
  /** PEM of the RS256 key that verifies access tokens (tests, tools) ... */
  readonly publicKey: string;
  /** ... unless the user service's JWKS is configured: then only its keys are trusted. */
  readonly jwksUrl?: string;
  /** The `iss` and `aud` every access token must name (TOKEN_ISSUER, TOKEN_AUDIENCE); the environment's by default. */
  readonly tokenParties?: AccessTokenParties;
  /** Where revoked users' not-before times are read (docs/api.md, revocation); every service checks them. */
  readonly tokenRevocation?: TokenRevocationOptions;
  /** Per-caller token buckets in Redis (docs/api.md, rate limits); off when absent. */
  readonly rateLimit?: RateLimitOptions;
  /** Browser origins allowed to call the API (CORS); none by default: API clients are not browsers. */
  readonly corsOrigins?: readonly string[];
  /** Off by default: X-Forwarded-For is believed only from these proxies. */
  readonly trustProxy?: TrustProxy;
}

export interface HttpAppOptions {
  readonly version?: string;
  readonly bodyLimitBytes?: number;
}

/**
 * Which peers may say who the client is (X-Forwarded-For): nobody (the peer is the client), the
 * gateway's addresses or CIDRs, or a number of proxy hops. Only a trusted peer's header moves
 * `request.ip`, which keys anonymous rate limits and login throttling.
 */
export type TrustProxy = false | number | readonly string[];

type FastifyTrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify treats a bare number as "trust nobody" (it cannot check the peer), so a hop count
 * becomes the function proxy-addr asks per hop (0 = the peer): the nearest `hops` are proxies.
 * Use it only where nothing but the proxies can reach the service.
 */
const fastifyTrustProxy = (trust: TrustProxy): FastifyTrustProxy =>
  typeof trust === 'number' ? (_address, hop) => hop < trust : trust === false ? false : [...trust];

/**
 * A Fastify instance with what every service shares, as named plugins in this order:
 * shop-errors, shop-request-id, shop-access-log, shop-metrics, shop-security-headers, shop-cors,
 * shop-auth, shop-token-revocation and shop-rate-limit (when configured), shop-refuse-nul, shop-openapi,
 * shop-health. Zod validates and serializes. Routes are registered by the service afterwards.
 */
export async function createHttpApp(
  name: string,
  infra: HttpInfrastructure,
  settings: HttpAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: infra.logger as FastifyBaseLogger,
    childLoggerFactory: requestLogger,
    bodyLimit: settings.bodyLimitBytes ?? 1024 * 1024,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(infra.trustProxy ?? false),
    genReqId: requestIdOf,
    // The one access-log line per request comes from shop-access-log (with route and status).
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const keys: AuthOptions = {
    ...(infra.jwksUrl ? { jwksUrl: infra.jwksUrl } : { publicKey: infra.publicKey }),
    ...(infra.tokenParties ? { parties: infra.tokenParties } : {}),
  };
  await app.register(errorsPlugin);
  await app.register(requestIdPlugin);
  await app.register(accessLogPlugin);
  await app.register(metricsPlugin, { metrics: infra.metrics });
  await app.register(securityHeadersPlugin);
  await app.register(corsPlugin, { origins: infra.corsOrigins ?? [] });
  await app.register(authPlugin, keys);
  if (infra.tokenRevocation) await app.register(tokenRevocationPlugin, infra.tokenRevocation);
  if (infra.rateLimit) await app.register(rateLimitPlugin, infra.rateLimit);
  await app.register(refuseNulPlugin);
  await app.register(openApiPlugin, { title: name, version: settings.version ?? '1.0.0' });
  await app.register(healthPlugin, { readiness: infra.readiness });
  return app;
}
