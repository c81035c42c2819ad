import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { carriesApiKey, developmentApiKey } from './api-key.js';
import { settlementAnswer } from './settlement-answer.js';
import { Ledger, type LedgerRefusal, type MisappliedTerms, type ProcessorOperation } from './ledger.js';

/**
 * A card processor's test mode, over real HTTP so that faults are real: the token decides.
 *   tok_<brand>_<last4> (tok_visa_4242)  approves
 *   tok_chargeDeclined                   declines: 402 card_declined
 *   tok_processing_error                 500 for the first 2 requests of a key, then approves
 *   tok_timeout                          answers only after `timeoutDelayMs` (longer than any client waits)
 *   tok_slow_<brand>_<last4>             approves, but only after `slowDelayMs` (a late authorization)
 *   anything else                        declines: 402 invalid_token
 * Void, capture and refund act on an authorization (`POST /v1/authorizations/:id/<operation>`) and,
 * like authorize, take their `idempotency_key` in the JSON body; capture and refund may name an
 * `amount_cents` (default: all that is left). The same key with the same parameters always gets the
 * first final answer back, never a second effect; with other parameters it is a 409
 * idempotency_conflict. Without a key nothing is forgiven: a repeated void or capture is refused
 * (409 invalid_state) and a repeated refund refunds again, until nothing captured is left
 * (422 amount_too_large). Every call to the processor's API carries `Authorization: Bearer <apiKey>`
 * (401 without it or with another key); /health and the ledger (a test hook) need none. The
 * ledger's shape is in this project's README.md.
 */
export interface SimulatorOptions {
  /** How long tok_timeout keeps a request waiting. */
  readonly timeoutDelayMs?: number;
  /** How long tok_slow_* takes to approve. */
  readonly slowDelayMs?: number;
  /** The secret key callers must present (default: the development key, see api-key.ts). */
  readonly apiKey?: string;
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
  /** Every call to the processor's API waits `ms` before it is handled (0: none): a slow processor. */
  slow(ms: number): void;
  /**
   * The next request for `operation` takes effect (and its answer is kept under its key), then its
   * connection is cut without an answer: a response lost on its way back.
   */
  dropNextResponse(operation: ProcessorOperation): void;
  /**
   * A processor at fault: the next `operation` that takes effect does so for `terms` instead of
   * what it asked (a currency only for an authorization), and its answer (kept under its key) says so.
   */
  misapplyNext(operation: ProcessorOperation, terms: MisappliedTerms): void;
  /** Forgets the drops and misapplied terms no request has used yet. */
  answerAll(): void;
}

const idempotencyKey = z.string().min(1).max(255);
const AuthorizationBody = z
  .object({
    amount_cents: z.number().int().nonnegative(),
    currency: z.string().length(3),
    token: z.string().min(1),
    idempotency_key: idempotencyKey,
  })
  .strict();
const CaptureOrRefundBody = z
  .object({ idempotency_key: idempotencyKey.optional(), amount_cents: z.number().int().positive().optional() })
  .strict()
  .default({});
/** A void releases the whole authorization: it takes no amount. */
const VoidBody = z
  .object({ idempotency_key: idempotencyKey.optional(), amount_cents: z.never().optional() })
  .strict()
  .default({});
const settlementBodies = { void: VoidBody, capture: CaptureOrRefundBody, refund: CaptureOrRefundBody } as const;
const TransactionParams = z.object({ transaction_id: z.string().min(1) });
const LedgerQuery = z.object({ idempotency_key: z.string().optional() });

const approvingToken = /^tok_(visa|mastercard|amex|discover)_(\d{4})$/;
const slowToken = /^tok_slow_(visa|mastercard|amex|discover)_(\d{4})$/;
const failure = (code: string, message: string) => ({ error: { code, message } });
const refusalStatus: Record<LedgerRefusal['refused'], number> = {
  resource_missing: 404,
  invalid_state: 409,
  amount_too_large: 422,
};

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
  let slowMs = 0;
  const dropping = new Set<ProcessorOperation>();
  const misapplying = new Map<ProcessorOperation, MisappliedTerms>();
  const takeMisapplied = (operation: ProcessorOperation): MisappliedTerms => {
    const terms = misapplying.get(operation) ?? {};
    misapplying.delete(operation);
    return terms;
  };
  const apiKey = options.apiKey ?? developmentApiKey;

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
    slow(ms) {
      slowMs = ms;
    },
    dropNextResponse(operation) {
      dropping.add(operation);
    },
    misapplyNext(operation, terms) {
      misapplying.set(operation, terms);
    },
    answerAll() {
      dropping.clear();
      misapplying.clear();
    },
  };

  /** Sends the answer, or cuts the connection instead when a drop is pending for the operation. */
  const answer = (reply: FastifyReply, operation: ProcessorOperation, statusCode: number, body: unknown) => {
    if (!dropping.delete(operation)) return reply.status(statusCode).send(body);
    reply.hijack();
    reply.raw.destroy();
    return reply;
  };
  /** The first answer for a key seen before (or a conflict); undefined for a new key. */
  const replay = (reply: FastifyReply, operation: ProcessorOperation, key: string, fingerprint: string) => {
    const stored = ledger.answerFor(key);
    if (!stored) return undefined;
    if (stored.fingerprint !== fingerprint) {
      const conflict = failure('idempotency_conflict', 'This idempotency key was used with other parameters');
      return answer(reply, operation, 409, conflict);
    }
    return answer(reply.header('idempotent-replayed', 'true'), operation, stored.statusCode, stored.body);
  };

  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onClose', async () => {
    closing.abort();
    controls.release();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/authorizations')) return;
    if (!carriesApiKey(request.headers.authorization, apiKey)) {
      const missing = request.headers.authorization === undefined;
      const message = missing ? 'No API key provided (Authorization: Bearer <key>)' : 'Invalid API key provided';
      return reply.status(401).header('www-authenticate', 'Bearer').send(failure('unauthorized', message));
    }
    if (slowMs > 0) await sleep(slowMs, undefined, { signal: closing.signal }).catch(() => undefined);
    if (down) {
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
    const fingerprint = `authorize|${body.amount_cents}|${body.currency}|${body.token}`;
    const requestNumber = ledger.countRequest(key);
    const replayed = replay(reply, 'authorize', key, fingerprint);
    if (replayed) return replayed;

    const settle = (statusCode: number, final: unknown): FastifyReply => {
      ledger.remember(key, { statusCode, body: final, fingerprint });
      return answer(reply, 'authorize', statusCode, final);
    };
    const approve = (brand: string, last4: string) => {
      const terms = takeMisapplied('authorize');
      const amount = terms.amountCents ?? body.amount_cents;
      const entry = ledger.authorize(key, amount, terms.currency ?? body.currency, brand, last4);
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
          return answer(
            reply,
            'authorize',
            500,
            failure('processing_error', 'An error occurred while processing the card'),
          );
        }
        return approve('visa', '0119');
      case 'tok_timeout':
        await sleep(timeoutDelayMs, undefined, { signal: closing.signal }).catch(() => undefined);
        return answer(reply, 'authorize', 504, failure('timeout', 'The issuer did not answer'));
      default:
        return settle(402, failure('invalid_token', `No such token: ${body.token}`));
    }
  });

  for (const operation of ['void', 'capture', 'refund'] as const) {
    const route = `/v1/authorizations/:transaction_id/${operation}`;
    const schema = { params: TransactionParams, body: settlementBodies[operation] };
    typed.post(route, { schema }, async (request, reply) => {
      const transactionId = request.params.transaction_id;
      const { idempotency_key: key, amount_cents: amountCents } = request.body;
      const fingerprint = `${operation}|${transactionId}|${amountCents ?? 'all'}`;
      if (key !== undefined) {
        ledger.countRequest(key);
        const replayed = replay(reply, operation, key, fingerprint);
        if (replayed) return replayed;
      }
      const asked = takeMisapplied(operation).amountCents ?? amountCents;
      const result = ledger.apply(transactionId, operation, { amountCents: asked, idempotencyKey: key });
      const [statusCode, body] =
        'refused' in result
          ? [refusalStatus[result.refused], failure(result.refused, result.message)]
          : [200, settlementAnswer(result)];
      if (key !== undefined) ledger.remember(key, { statusCode, body, fingerprint });
      return answer(reply, operation, statusCode, body);
    });
  }

  // Liveness, for the scripts that start it (infra/scripts/services.sh waits on it).
  typed.get('/health', async () => ({ status: 'ok' }));

  // Test hook: the processor's books, to prove an effect happened exactly once (shape: README.md).
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
