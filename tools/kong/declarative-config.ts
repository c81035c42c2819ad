import { services } from '@shop/contracts';
import { corsPlugin } from './cors.js';
import { rateLimitingPlugin, type RedisAddress } from './edge-limits.js';
import type { JwtCredential } from './jwt-credential.js';
import { isExposed, type Operation } from './openapi-operations.js';
import { kongPathOf, routeNameOf } from './route-paths.js';

export interface GatewayOptions {
  /** Where Kong reaches the services: they run on the host, Kong in docker-compose. */
  readonly upstreamHost: string;
  readonly redis: RedisAddress;
  /** Browser origins allowed by CORS, as the services' CORS_ORIGINS; none: no cors plugin (Kong's would allow `*`). */
  readonly corsOrigins: readonly string[];
  readonly credentials: readonly JwtCredential[];
}

export const defaultGatewayOptions = {
  upstreamHost: 'host.docker.internal',
  redis: { host: 'host.docker.internal', port: 6379 },
} as const;

/** The issuer of access tokens, as a Kong consumer; its jwt credentials are keyed by the token's `kid`. */
const tokenIssuer = 'user-service';

const jwtPlugin = {
  name: 'jwt',
  config: {
    // The credential is the key's, named by `kid` (Kong looks in the payload, then in the JOSE header), not
    // by `iss`; the services check `iss` and `aud`, which Kong's jwt plugin cannot.
    key_claim_name: 'kid',
    claims_to_verify: ['exp'],
    // The services read the token from the Authorization header only; Kong must not accept more.
    header_names: ['authorization'],
    uri_param_names: [],
    cookie_names: [],
    run_on_preflight: false,
  },
};

function routeOf(operation: Operation, options: GatewayOptions) {
  return {
    name: routeNameOf(operation.service, operation.method, operation.path, operation.operationId),
    methods: [operation.method],
    paths: [kongPathOf(operation.path)],
    strip_path: false,
    plugins: [
      ...(operation.requiresToken ? [jwtPlugin] : []),
      rateLimitingPlugin(operation.requiresToken, options.redis),
    ],
  };
}

/** Browsers send preflights without a token; Kong's global cors plugin answers them on this route. */
function preflightRouteOf(service: string, operations: readonly Operation[]) {
  return {
    name: `${service}-cors-preflight`,
    methods: ['OPTIONS'],
    paths: [...new Set(operations.map((o) => kongPathOf(o.path)))],
    strip_path: false,
  };
}

/**
 * Kong 3 declarative (DB-less) configuration: one service per app, one route per exposed OpenAPI
 * operation (regex paths, so Kong's default `traditional_compatible` router matches exactly that
 * operation), jwt on the operations whose OpenAPI `security` requires a token, edge rate limits on
 * every route, request ids and CORS globally.
 */
export function declarativeConfig(operations: readonly Operation[], options: GatewayOptions) {
  const exposed = operations.filter((o) => isExposed(o.path));
  const cors = options.corsOrigins.length > 0;
  return {
    _format_version: '3.0',
    services: services.map(({ name, port }) => {
      const own = exposed.filter((o) => o.service === name);
      return {
        name,
        protocol: 'http',
        host: options.upstreamHost,
        port,
        routes: [
          ...own.map((o) => routeOf(o, options)),
          ...(cors && own.length > 0 ? [preflightRouteOf(name, own)] : []),
        ],
      };
    }),
    consumers: [{ username: tokenIssuer, jwt_secrets: options.credentials.map((c) => ({ ...c })) }],
    plugins: [
      { name: 'correlation-id', config: { header_name: 'X-Request-Id', generator: 'uuid', echo_downstream: true } },
      ...(cors ? [corsPlugin(options.corsOrigins)] : []),
    ],
  };
}
