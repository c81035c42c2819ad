import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { allTopicSpecs } from '@shop/contracts';
import { defaultAccessTokenParties, type TrustProxy } from '@shop/http';
import type { TopicDurability } from '@shop/messaging';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `false` (default), a hop count, or comma-separated proxy addresses/CIDRs; see @shop/http TrustProxy. */
const trustProxy = z
  .string()
  .trim()
  .transform((s, ctx): TrustProxy => {
    if (s === '' || s === 'false') return false;
    if (/^\d+$/.test(s)) return Number(s);
    const proxies = s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = proxies.filter((p) => !isProxyAddress(p));
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `expected false, a hop count or IP addresses/CIDRs, got ${bad.join(', ')}`,
      });
    return proxies;
  });

function isProxyAddress(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const brokers = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

/**
 * Which set of defaults a process runs with. `development` (`make up`, tools) and `test` (test harnesses,
 * the e2e stack) fill in every variable a developer's machine needs (devDefaults: the development database
 * passwords, the keys in .dev-keys/, the card simulator's key); `production`, also when unset, fills in
 * none of them: a missing secret or address stops the process at boot, naming the variable.
 */
export const appProfiles = ['development', 'test', 'production'] as const;
export type AppProfile = (typeof appProfiles)[number];
const appProfile = z.enum(appProfiles).default('production');

/** True in the profiles that may run on development defaults (and the development secrets). */
export const allowsDevelopmentDefaults = (profile: AppProfile): boolean => profile !== 'production';

const port = z.coerce.number().int().min(0).max(65535);

/** What every service reads from its environment; a service extends it with its own keys. */
export const baseConfigSchema = z.object({
  APP_PROFILE: appProfile,
  HOST: z.string().default('127.0.0.1'),
  PORT: port,
  /** Where GET /metrics is served, apart from the API port: never routed by the gateway, scraped alone. */
  METRICS_PORT: port,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: brokers.default(['127.0.0.1:9092']),
  /**
   * The RS256 public key (PEM) or a file holding it; under a development profile the key in .dev-keys/
   * by default. Outside one, this or JWKS_URL must be set.
   */
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PUBLIC_KEY_FILE: z.string().optional(),
  /** The user service's JWKS; when set, only its keys verify access tokens (the key above is ignored). */
  JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The `iss` and `aud` the user service signs into access tokens and every service requires (docs/api.md). */
  TOKEN_ISSUER: z.string().trim().min(1).default(defaultAccessTokenParties.issuer),
  TOKEN_AUDIENCE: z.string().trim().min(1).default(defaultAccessTokenParties.audience),
  /** Per-caller token buckets in Redis (docs/api.md); tests switch them off unless they test them. */
  RATE_LIMIT_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Comma-separated browser origins allowed by CORS; empty: none (API clients are not browsers). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Whose X-Forwarded-For names the client (the gateway): off by default, so no client picks its own IP. */
  TRUST_PROXY: trustProxy.default(false),
  /** Prefix of every topic name; set by tests to keep runs apart, empty in production. */
  KAFKA_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_.-]*$/)
    .default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
  /**
   * How long the Kafka client may keep restarting a crashed consumer before it gives up and the
   * process drains and exits non-zero, to be started afresh by its supervisor.
   */
  KAFKA_CONSUMER_GIVE_UP_MS: z.coerce.number().int().min(0).default(60_000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * What set-up (tools/create-topics.ts) creates the platform's topics with. The defaults fit one broker;
 * a cluster keeps 3 copies of each partition and acknowledges a write once 2 have it (the Helm values),
 * so an acknowledged event survives a broker's loss and one broker may be down without refusing writes.
 */
export const topicSetupConfigSchema = baseConfigSchema
  .pick({ KAFKA_BROKERS: true, KAFKA_TOPIC_NAMESPACE: true })
  .extend({
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
    KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().positive().default(1),
    /** Caps each topic's partitions (libs/contracts: up to 12); unset, the contracts' counts. */
    KAFKA_MAX_PARTITIONS: z.coerce.number().int().positive().optional(),
  })
  .refine((c) => c.KAFKA_MIN_INSYNC_REPLICAS <= c.KAFKA_REPLICATION_FACTOR, {
    path: ['KAFKA_MIN_INSYNC_REPLICAS'],
    message: 'must not exceed KAFKA_REPLICATION_FACTOR, or every write to the topics is refused',
  });

export type TopicSetupConfig = z.infer<typeof topicSetupConfigSchema>;

/** The platform's topics as set-up creates them: the contracts' partition counts, capped, and the durability. */
export function topicSetup(config: TopicSetupConfig) {
  const cap = config.KAFKA_MAX_PARTITIONS ?? Infinity;
  const durability: TopicDurability = {
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
  };
  const topics = allTopicSpecs(config.KAFKA_TOPIC_NAMESPACE).map((t) => ({
    ...t,
    partitions: Math.min(t.partitions, cap),
  }));
  return { topics, durability };
}

/** The variable that sets each durability setting, to name it when the cluster refuses it. */
export const topicDurabilityVariables: Record<keyof TopicDurability, keyof TopicSetupConfig> = {
  replicationFactor: 'KAFKA_REPLICATION_FACTOR',
  minInsyncReplicas: 'KAFKA_MIN_INSYNC_REPLICAS',
};

/**
 * Parses the environment at boot and fails fast with every bad variable named, e.g.
 * `Invalid configuration: DATABASE_URL: Invalid URL`.
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Where a PostgreSQL on this machine listens for local connections (Debian's default). */
export const localPostgresSocketDir = '/var/run/postgresql';

/**
 * The development database URL of a service role (password from `<ROLE>_PASSWORD`-style env, see
 * .env.example). A server on this machine is reached over its Unix socket: on our hosts a statement
 * over TCP loopback costs ~45 % more (pgbench select-only, 8 clients: 11 300 vs 16 400 TPS), most of it
 * the kernel's TCP work on both ends. Elsewhere (a container publishing 5432) over TCP.
 */
export function devDatabaseUrl(role: string, env: Record<string, string | undefined> = process.env): string {
  const passwordVariable = `${role.replace(/_svc$/, '').toUpperCase()}_DB_PASSWORD`;
  const password = env[passwordVariable] ?? `${role}_pw`;
  const credentials = `${role}:${encodeURIComponent(password)}`;
  return existsSync(`${localPostgresSocketDir}/.s.PGSQL.5432`)
    ? `postgresql://${credentials}@localhost/shop?host=${encodeURIComponent(localPostgresSocketDir)}`
    : `postgresql://${credentials}@127.0.0.1:5432/shop`;
}

/**
 * The development metrics ports: 9461 (user) to 9465 (notification), apart from the API ports, the e2e
 * tests' ports and what `make up` starts (Prometheus 9090, the OpenTelemetry collector 4317/4318).
 */
export const developmentMetricsPort = (servicePort: number): number => 9460 + (servicePort % 100);

/**
 * Development defaults per service, so `make up` needs no .env; merged only under a development profile
 * (serviceEnvironment). Production sets every variable.
 */
export function devDefaults(service: { port: number; schema: string; role: string }): Record<string, string> {
  return {
    APP_PROFILE: 'development',
    PORT: String(service.port),
    METRICS_PORT: String(developmentMetricsPort(service.port)),
    DATABASE_SCHEMA: service.schema,
    DATABASE_URL: devDatabaseUrl(service.role),
  };
}

/** The profile the environment asks for; anything but the known names is refused, naming APP_PROFILE. */
export function profileOf(env: Record<string, string | undefined>): AppProfile {
  return parseConfig(z.object({ APP_PROFILE: appProfile }), env).APP_PROFILE;
}

/** The environment a service parses: its own, over the development defaults only when its profile allows them. */
export function serviceEnvironment(
  service: { port: number; schema: string; role: string },
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return allowsDevelopmentDefaults(profileOf(env)) ? { ...devDefaults(service), ...env } : env;
}

/**
 * What no single variable's schema can say: a service needs a key to verify access tokens (outside the
 * development profiles there is no fallback to .dev-keys/), and its metrics apart from its API.
 */
function serviceConfigProblems(config: BaseConfig): string[] {
  const problems: string[] = [];
  const hasVerificationKey = Boolean(config.JWKS_URL || config.JWT_PUBLIC_KEY || config.JWT_PUBLIC_KEY_FILE);
  if (!allowsDevelopmentDefaults(config.APP_PROFILE) && !hasVerificationKey)
    problems.push(
      `JWKS_URL: required in the ${config.APP_PROFILE} profile (or JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE): ` +
        'nothing would verify access tokens',
    );
  if (config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT)
    problems.push('METRICS_PORT: must differ from PORT (metrics are never served on the API port)');
  return problems;
}

/**
 * A service's configuration as it starts: the development defaults under a development profile, then
 * the schema, then the checks across variables; every problem named in one ConfigError.
 */
export function parseServiceConfig<S extends z.ZodType<BaseConfig>>(
  schema: S,
  service: { port: number; schema: string; role: string },
  env: Record<string, string | undefined>,
): z.infer<S> {
  const config = parseConfig(schema, serviceEnvironment(service, env));
  const problems = serviceConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
