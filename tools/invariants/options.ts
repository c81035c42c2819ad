import { parseArgs } from 'node:util';
import { services, type ServiceInfo } from '@shop/contracts';
import { devDatabaseUrl } from '@shop/runtime';

export interface ServiceTarget {
  readonly service: ServiceInfo;
  readonly url: string;
  readonly schema: string;
}

export interface CheckerOptions {
  readonly json: boolean;
  readonly strictDlq: boolean;
  readonly targets: readonly ServiceTarget[];
  readonly brokers: readonly string[];
  readonly topicNamespace: string;
  readonly providerUrl: string;
  readonly outboxAgeSeconds: number;
  readonly sagaTimeoutSeconds: number;
  readonly settleSeconds: number;
}

export const usage = `npm run check:invariants -- [options]

Reads every service's schema, the Kafka dead-letter topics and the card provider's ledger, prints
one section per invariant family with ✓/✗ and numbers. Exit 0: all hold; 1: a violation;
2: a source could not be read (and nothing was found broken).

  --json                     one JSON document instead of text (for the chaos suite)
  --database-url <url>       one connection for every schema (e.g. an auditor or admin role);
                             default: each service's own role, as the services connect in development
                             (devDatabaseUrl: <ROLE>_DB_PASSWORD, local socket or 127.0.0.1:5432)
  --schema <name>=<schema>   a service's schema (name: users, inventory, orders, payments,
                             notifications or the service's name); repeatable; default: its own
  --brokers <host:port,...>  default: KAFKA_BROKERS or 127.0.0.1:9092
  --namespace <ns>           topic namespace; default: KAFKA_TOPIC_NAMESPACE or none
  --provider-url <url>       the card provider (its GET /v1/ledger); default: PROVIDER_URL or
                             http://127.0.0.1:3099
  --saga-timeout-seconds <s> how long an order may stay pending: default RESERVATION_TTL_SECONDS
                             (900), after which inventory's sweeper expires the hold and the saga
                             cancels the order
  --settle-seconds <s>       how long two services may disagree while events are in flight (60)
  --outbox-age-seconds <s>   an unpublished outbox row older than this is a violation (60)
  --strict-dlq               a non-empty dead-letter topic is a violation. Without it, it is only
                             reported: a dead letter is an event a consumer parked and carried on
                             from, by design, and it stays on the topic until retention removes it;
                             the state checks above say whether anything was left broken. A run on
                             fresh topics (the chaos suite) expects none and passes --strict-dlq.
  --help`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function seconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${name} must be a number of seconds, not ${raw}`);
  return value;
}

function schemaOverrides(pairs: readonly string[]): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const pair of pairs) {
    const [name = '', schema = '', ...rest] = pair.split('=');
    const service = services.find((s) => s.schema === name || s.name === name);
    if (!service || !/^[a-z_][a-z0-9_]*$/.test(schema) || rest.length > 0) {
      throw new UsageError(`--schema expects <service>=<schema>, got ${pair}`);
    }
    overrides.set(service.name, schema);
  }
  return overrides;
}

/** Each service's development URL, as the services themselves derive it. */
async function serviceUrls(env: Record<string, string | undefined>): Promise<(role: string) => string> {
  return (role) => devDatabaseUrl(role, env);
}

/** The options, or null when --help was asked for. */
export async function parseOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CheckerOptions | null> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      'strict-dlq': { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      schema: { type: 'string', multiple: true, default: [] },
      brokers: { type: 'string' },
      namespace: { type: 'string' },
      'provider-url': { type: 'string' },
      'saga-timeout-seconds': { type: 'string' },
      'settle-seconds': { type: 'string' },
      'outbox-age-seconds': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const overrides = schemaOverrides(values.schema);
  const sharedUrl = values['database-url'];
  const urlOf = sharedUrl === undefined ? await serviceUrls(env) : () => sharedUrl;
  const brokers = (values.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return {
    json: values.json,
    strictDlq: values['strict-dlq'],
    targets: services.map((service) => ({
      service,
      url: urlOf(service.role),
      schema: overrides.get(service.name) ?? service.schema,
    })),
    brokers,
    topicNamespace: values.namespace ?? env.KAFKA_TOPIC_NAMESPACE ?? '',
    providerUrl: (values['provider-url'] ?? env.PROVIDER_URL ?? 'http://127.0.0.1:3099').replace(/\/$/, ''),
    sagaTimeoutSeconds: seconds(
      '--saga-timeout-seconds',
      values['saga-timeout-seconds'] ?? env.RESERVATION_TTL_SECONDS,
      900,
    ),
    settleSeconds: seconds('--settle-seconds', values['settle-seconds'], 60),
    outboxAgeSeconds: seconds('--outbox-age-seconds', values['outbox-age-seconds'], 60),
  };
}
