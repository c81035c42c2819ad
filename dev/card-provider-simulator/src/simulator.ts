import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Ledger } from './ledger.js';

/**
 * A card processor's test mode, over real HTTP so that faults are real: the token decides.
 *   tok_<brand>_<last4> (tok_visa_4242)  approves
 *   tok_chargeDeclined                   declines: 402 card_declined
 *   tok_processing_error                 500 for the first 2 requests of a key, then approves
 *   tok_timeout                          answers only after `timeoutDelayMs` (longer than any client waits)
 *   tok_slow_<brand>_<last4>             approves, but only after `slowDelayMs` (a late authorization)
 *   anything else                        declines: 402 invalid_token
 * The same idempotency key always gets the first final answer back: never a second charge.
 */
export interface SimulatorOptions {
  /** How long tok_timeout keeps a request waiting. */
  readonly timeoutDelayMs?: number;
  /** How long tok_slow_* takes to approve. */
  readonly slowDelayMs?: number;
  /** Fastify's logger: off, on (info: every request), or at a level. */
  readonly logger?: boolean | { readonly level: string };
}

/** In-process controls for tests (not reachable over HTTP). */
export interface SimulatorControls {
  readonly ledger: Ledger;
  /** Holds every authorization request until release(): lets a test act while a call is in flight. */
  hold(): void;
  release(): void;
  /** Authorization requests waiting at the hold. */
  held(): number;
  /** While on, every call to the processor's API answers 503. */
  outage(on: boolean): void;
}

const AuthorizationBody = z
  .object({
    amount_cents: z.number().int().nonnegative(),
    currency: z.string().length(3),
    token: z.string().min(1),
    idempotency_key: z.string().min(1).max(255),
  })
  .strict();
const TransactionParams = z.object({ transaction_id: z.string().min(1) });
const LedgerQuery = z.object({ idempotency_key: z.string().optional() });

const approvingToken = /^tok_(visa|mastercard|amex|discover)_(\d{4})$/;
const slowToken = /^tok_slow_(visa|mastercard|amex|discover)_(\d{4})$/;
const failure = (code: string, message: string) => ({ error: { code, message } });

export function buildProviderSimulator(options: SimulatorOptions = {}): {
  app: FastifyInstance;
  controls: SimulatorControls;
} {
  const timeoutDelayMs = options.timeoutDelayMs ?? 30_000;
  const slowDelayMs = options.slowDelayMs ?? 3_000;
  const ledger = new Ledger();
  const closing = new AbortController();
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  let waiting = 0;
  let down = false;

  const controls: SimulatorControls = {
    ledger,
    hold() {
      if (gate) return;
      let open = () => undefined as void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    held: () => waiting,
    outage(on) {
      down = on;
    },
  };

  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onClose', async () => {
    closing.abort();
    controls.release();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (down && request.url.startsWith('/v1/authorizations')) {
      return reply.status(503).send(failure('service_unavailable', 'The processor is unavailable'));
    }
  });
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post('/v1/authorizations', { schema: { body: AuthorizationBody } }, async (request, reply) => {
    if (gate) {
      waiting++;
      await gate.promise.finally(() => waiting--);
    }
    const body = request.body;
    const key = body.idempotency_key;
    const fingerprint = `${body.amount_cents}|${body.currency}|${body.token}`;
    const requestNumber = ledger.countRequest(key);
    const stored = ledger.answerFor(key);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        const conflict = failure('idempotency_conflict', 'This idempotency key was used with other parameters');
        return reply.status(409).send(conflict);
      }
      return reply.header('idempotent-replayed', 'true').status(stored.statusCode).send(stored.body);
    }

    const settle = (statusCode: number, answer: unknown): FastifyReply => {
      ledger.remember(key, { statusCode, body: answer, fingerprint });
      return reply.status(statusCode).send(answer);
    };
    const approve = (brand: string, last4: string) => {
      const entry = ledger.authorize(key, body.amount_cents, body.currency, brand, last4);
      return settle(201, {
        transaction_id: entry.transaction_id,
        status: entry.status,
        amount_cents: entry.amount_cents,
        currency: entry.currency,
        card: { brand, last4 },
      });
    };

    const [, brand, last4] = approvingToken.exec(body.token) ?? [];
    if (brand && last4) return approve(brand, last4);
    const [, slowBrand, slowLast4] = slowToken.exec(body.token) ?? [];
    if (slowBrand && slowLast4) {
      await sleep(slowDelayMs, undefined, { signal: closing.signal }).catch(() => undefined);
      return approve(slowBrand, slowLast4);
    }
    switch (body.token) {
      case 'tok_chargeDeclined':
        return settle(402, failure('card_declined', 'Your card was declined.'));
      case 'tok_processing_error':
        if (requestNumber <= 2) {
          return reply.status(500).send(failure('processing_error', 'An error occurred while processing the card'));
        }
        return approve('visa', '0119');
      case 'tok_timeout':
        await sleep(timeoutDelayMs, undefined, { signal: closing.signal }).catch(() => undefined);
        return reply.status(504).send(failure('timeout', 'The issuer did not answer'));
      default:
        return settle(402, failure('invalid_token', `No such token: ${body.token}`));
    }
  });

  for (const operation of ['void', 'capture', 'refund'] as const) {
    const route = `/v1/authorizations/:transaction_id/${operation}`;
    typed.post(route, { schema: { params: TransactionParams } }, async (request, reply) => {
      const entry = ledger.apply(request.params.transaction_id, operation);
      if (entry === 'missing') return reply.status(404).send(failure('resource_missing', 'No such authorization'));
      if (entry === 'conflict') {
        return reply.status(409).send(failure('invalid_state', `Cannot ${operation} this authorization`));
      }
      return { transaction_id: entry.transaction_id, status: entry.status };
    });
  }

  // Liveness, for the scripts that start it (infra/scripts/services.sh waits on it).
  typed.get('/health', async () => ({ status: 'ok' }));

  // Test hook: the processor's books, to prove a charge happened exactly once.
  typed.get('/v1/ledger', { schema: { querystring: LedgerQuery } }, async (request) =>
    ledger.view(request.query.idempotency_key),
  );

  return { app, controls };
}

export interface RunningSimulator {
  readonly url: string;
  readonly controls: SimulatorControls;
  close(): Promise<void>;
}

/** Listens on loopback (port 0: any free port, as tests do). */
export async function startProviderSimulator(
  options: SimulatorOptions & { readonly port?: number; readonly host?: string } = {},
): Promise<RunningSimulator> {
  const { app, controls } = buildProviderSimulator(options);
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { url: address, controls, close: () => app.close() };
}
