import { z } from 'zod';

/**
 * Kong 3.9 declarative (DB-less) format, for the entities and plugins our gateway uses, field by
 * field from Kong 3.9's entity and plugin schemas (kong/db/schema/entities/*.lua,
 * kong/plugins/<name>/schema.lua). Every object is strict, so a misspelt field or plugin fails here
 * as `kong config parse` would fail at start-up.
 */
const name = z.string().regex(/^[\p{L}\p{N}._~-]+$/u, 'Kong names are letters, digits and . _ ~ -');
const tags = z.array(z.string()).optional();
const port = z.number().int().min(0).max(65535);
const timeout = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 2);
const httpMethod = z.enum(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
const protocol = z.enum(['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'ws', 'wss']);
/** A prefix path, or a regex path marked by `~`, which must compile. */
const routerPath = z
  .string()
  .regex(/^~?\//, 'a route path starts with / (prefix) or ~/ (regex)')
  .refine((p) => !p.startsWith('~') || compiles(p.slice(1)), 'the regex does not compile');

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const pluginBase = {
  enabled: z.boolean().optional(),
  protocols: z.array(protocol).optional(),
  tags,
  instance_name: name.optional(),
};

const jwtPlugin = z.strictObject({
  name: z.literal('jwt'),
  ...pluginBase,
  config: z.strictObject({
    uri_param_names: z.array(z.string()).optional(),
    cookie_names: z.array(z.string()).optional(),
    key_claim_name: z.string().optional(),
    secret_is_base64: z.boolean().optional(),
    claims_to_verify: z.array(z.enum(['exp', 'nbf'])).optional(),
    anonymous: z.string().optional(),
    run_on_preflight: z.boolean().optional(),
    maximum_expiration: z.number().min(0).max(31_536_000).optional(),
    header_names: z.array(z.string()).optional(),
    realm: z.string().optional(),
  }),
});

const periods = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;
const rateLimitingPlugin = z.strictObject({
  name: z.literal('rate-limiting'),
  ...pluginBase,
  config: z
    .strictObject({
      second: z.number().positive().optional(),
      minute: z.number().positive().optional(),
      hour: z.number().positive().optional(),
      day: z.number().positive().optional(),
      month: z.number().positive().optional(),
      year: z.number().positive().optional(),
      limit_by: z.enum(['consumer', 'credential', 'ip', 'service', 'header', 'path']).optional(),
      header_name: z.string().optional(),
      path: z.string().optional(),
      // DB-less Kong has no `cluster` policy.
      policy: z.enum(['local', 'redis']).optional(),
      fault_tolerant: z.boolean().optional(),
      redis: z
        .strictObject({
          host: z.string().optional(),
          port: port.optional(),
          timeout: timeout.optional(),
          username: z.string().optional(),
          password: z.string().optional(),
          database: z.number().int().optional(),
          ssl: z.boolean().optional(),
          ssl_verify: z.boolean().optional(),
          server_name: z.string().optional(),
        })
        .optional(),
      hide_client_headers: z.boolean().optional(),
      error_code: z.number().positive().optional(),
      error_message: z.string().optional(),
      sync_rate: z.number().optional(),
    })
    .superRefine((config, ctx) => {
      const limits = periods.map((p) => config[p]);
      if (limits.every((l) => l === undefined))
        ctx.addIssue({ code: 'custom', message: 'at least one of second … year is required' });
      limits.forEach((lower, i) =>
        limits.slice(i + 1).forEach((upper, j) => {
          if (lower !== undefined && upper !== undefined && upper < lower)
            ctx.addIssue({
              code: 'custom',
              message: `the limit for ${periods[i + 1 + j]} cannot be lower than for ${periods[i]}`,
            });
        }),
      );
      if (config.policy === 'redis' && !config.redis?.host)
        ctx.addIssue({ code: 'custom', message: 'policy redis needs redis.host' });
      if (config.limit_by === 'header' && !config.header_name)
        ctx.addIssue({ code: 'custom', message: 'limit_by header needs header_name' });
    }),
});

const correlationIdPlugin = z.strictObject({
  name: z.literal('correlation-id'),
  ...pluginBase,
  config: z.strictObject({
    header_name: z.string().optional(),
    generator: z.enum(['uuid', 'uuid#counter', 'tracker']).optional(),
    echo_downstream: z.boolean().optional(),
  }),
});

const corsPlugin = z.strictObject({
  name: z.literal('cors'),
  ...pluginBase,
  config: z.strictObject({
    origins: z.array(z.string()).optional(),
    headers: z.array(z.string()).optional(),
    exposed_headers: z.array(z.string()).optional(),
    methods: z.array(httpMethod).optional(),
    max_age: z.number().optional(),
    credentials: z.boolean().optional(),
    private_network: z.boolean().optional(),
    preflight_continue: z.boolean().optional(),
  }),
});

export const KongPlugin = z.discriminatedUnion('name', [
  jwtPlugin,
  rateLimitingPlugin,
  correlationIdPlugin,
  corsPlugin,
]);
export type KongPlugin = z.infer<typeof KongPlugin>;

/** Kong 3's default `traditional_compatible` router: `expression`/`priority` belong to the `expressions` flavour. */
export const KongRoute = z.strictObject({
  name,
  protocols: z.array(protocol).optional(),
  methods: z.array(httpMethod).optional(),
  hosts: z.array(z.string()).optional(),
  paths: z.array(routerPath).optional(),
  headers: z.record(z.string(), z.array(z.string())).optional(),
  snis: z.array(z.string()).optional(),
  https_redirect_status_code: z
    .union([z.literal(426), z.literal(301), z.literal(302), z.literal(307), z.literal(308)])
    .optional(),
  strip_path: z.boolean().optional(),
  preserve_host: z.boolean().optional(),
  request_buffering: z.boolean().optional(),
  response_buffering: z.boolean().optional(),
  regex_priority: z.number().int().optional(),
  path_handling: z.enum(['v0', 'v1']).optional(),
  tags,
  plugins: z.array(KongPlugin).optional(),
});
export type KongRoute = z.infer<typeof KongRoute>;

export const KongService = z.strictObject({
  name,
  protocol: z.enum(['http', 'https', 'grpc', 'grpcs', 'tcp', 'tls', 'udp', 'ws', 'wss']).optional(),
  host: z.string().min(1),
  port: port.optional(),
  path: z.string().startsWith('/').optional(),
  retries: z.number().int().min(0).max(32_767).optional(),
  connect_timeout: timeout.optional(),
  write_timeout: timeout.optional(),
  read_timeout: timeout.optional(),
  enabled: z.boolean().optional(),
  tags,
  routes: z.array(KongRoute).optional(),
  plugins: z.array(KongPlugin).optional(),
});
export type KongService = z.infer<typeof KongService>;

const rsaAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
const JwtSecret = z
  .strictObject({
    key: z.string().min(1).optional(),
    secret: z.string().optional(),
    rsa_public_key: z.string().optional(),
    algorithm: z
      .enum([
        'HS256',
        'HS384',
        'HS512',
        'RS256',
        'RS384',
        'RS512',
        'ES256',
        'ES384',
        'ES512',
        'PS256',
        'PS384',
        'PS512',
        'EdDSA',
      ])
      .optional(),
    tags,
  })
  .refine(
    (s) => !rsaAlgorithms.includes(s.algorithm ?? 'HS256') || !!s.rsa_public_key,
    'an RS/PS/EdDSA credential needs rsa_public_key',
  );

export const KongConsumer = z
  .strictObject({
    username: z.string().min(1).optional(),
    custom_id: z.string().min(1).optional(),
    tags,
    jwt_secrets: z.array(JwtSecret).optional(),
  })
  .refine((c) => c.username || c.custom_id, 'a consumer needs username or custom_id');

export const KongDeclarativeConfig = z.strictObject({
  _format_version: z.literal('3.0'),
  _transform: z.boolean().optional(),
  services: z.array(KongService).optional(),
  consumers: z.array(KongConsumer).optional(),
  plugins: z.array(KongPlugin).optional(),
});
export type KongDeclarativeConfig = z.infer<typeof KongDeclarativeConfig>;
