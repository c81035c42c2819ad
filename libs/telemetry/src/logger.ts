import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** What a redacted value reads as in a log line. */
export const redactedValue = '[redacted]';

/** Keys whose value is a credential, a card or a secret wherever it appears: never written to a log. */
export const secretLogKeys: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'current_password',
  'new_password',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'accessToken',
  'refreshToken',
  'provider_token',
  'providerToken',
  'card_number',
  'cvv',
  'secret',
  'PROVIDER_API_KEY',
  'apiKey',
];

const pathKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/**
 * pino's redaction paths: each secret key at the top of a log object (`{ password }`), one level
 * down (`headers.authorization`, `payment_method.token`) and two (`req.headers.cookie`,
 * `err.details.token`), the depths our log calls use. pino cannot match any depth; what an error
 * carries deeper is scrubbed by the `err` serializer below.
 */
export const redactedLogPaths: readonly string[] = secretLogKeys.flatMap((key) => {
  const tail = pathKey(key);
  return [tail.startsWith('.') ? tail.slice(1) : tail, `*${tail}`, `*.*${tail}`];
});

/** What a validation error keeps of the input it refused (zod's issues): the value itself, dropped. */
const echoedInputKeys = new Set(['input', 'received', 'body', 'rawBody', 'payload']);
const secretKeySet = new Set(secretLogKeys.map((key) => key.toLowerCase()));
const scrubDepth = 8;

function scrubbed(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > scrubDepth) return '[omitted]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (echoedInputKeys.has(key)) continue;
    out[key] = secretKeySet.has(key.toLowerCase()) ? redactedValue : scrubbed(item, depth + 1, seen);
  }
  return out;
}

interface IssueList {
  readonly message: string;
  readonly issues: readonly { readonly path?: readonly PropertyKey[]; readonly message?: string }[];
}

const isIssueList = (value: unknown): value is IssueList =>
  typeof value === 'object' && value !== null && Array.isArray((value as IssueList).issues);

/** A zod error's message is its issues as JSON, input included: what is wrong where says enough. */
const issueSummary = ({ issues }: IssueList) =>
  issues.map((issue) => `${(issue.path ?? []).map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; typeof e === 'object' && e !== null && chain.length < scrubDepth; e = (e as Error).cause) {
    chain.push(e);
  }
  return chain;
}

/**
 * pino's error serializer (message, stack, causes, own properties), minus what an error can carry
 * of a request: zod issues echo the refused input, a client error may hold the body it sent.
 */
export function serializeLoggedError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const text = serialized as { message?: unknown; stack?: unknown };
  for (const link of errorChain(error).filter(isIssueList)) {
    const summary = issueSummary(link);
    if (typeof text.message === 'string') text.message = text.message.replaceAll(link.message, summary);
    if (typeof text.stack === 'string') text.stack = text.stack.replaceAll(link.message, summary);
  }
  return scrubbed(serialized, 0, new WeakSet());
}

/**
 * JSON logs that carry the active trace and span ids, so a log line leads to its trace, and never a
 * credential, card token or secret (docs/architecture.md). Written asynchronously (buffered, flushed
 * on exit): a log line never blocks a request. `destination` is for tests that read the lines.
 */
export function createLogger(
  service: string,
  level = 'info',
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
    redact: { paths: [...redactedLogPaths], censor: redactedValue },
    serializers: { err: serializeLoggedError, error: serializeLoggedError },
    ...options,
  };
  return pino(settings, destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

export type { Logger } from 'pino';
