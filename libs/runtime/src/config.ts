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

/** What every service reads from its environment; a service extends it with its own keys. */
export const baseConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: brokers.default(['127.0.0.1:9092']),
  /** The RS256 public key (PEM) or a file holding it; default: the development key in .dev-keys/. */
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

/** Development defaults per service, so `make up` needs no .env; production sets every variable. */
export function devDefaults(service: { port: number; schema: string; role: string }): Record<string, string> {
  return { PORT: String(service.port), DATABASE_SCHEMA: service.schema, DATABASE_URL: devDatabaseUrl(service.role) };
}
