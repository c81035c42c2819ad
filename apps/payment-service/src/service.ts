import { connectionConfig } from '@shop/persistence';
import type { Infrastructure, ServiceDefinition } from '@shop/runtime';
import { loadCardTokenKeys } from './adapters/card-token-keys.js';
import { openingCardTokens } from './adapters/card-token-opening-provider.js';
import { guardWithCircuitBreaker, type GuardedProvider } from './adapters/circuit-breaker-provider.js';
import { HttpProviderClient } from './adapters/http-provider-client.js';
import { buildApp } from './app.js';
import { paymentConfigSchema, type PaymentConfig } from './config.js';
import { paymentSagaSubscriptions } from './consumers/payment-saga.subscriptions.js';
import { userErasureSubscriptions } from './consumers/users.subscriptions.js';
import { paymentDatabase, type PaymentDatabase } from './persistence/database.js';
import { AuthorizationWorker } from './workers/authorization.worker.js';

export interface PaymentParts {
  readonly database: PaymentDatabase;
  readonly provider: GuardedProvider;
  readonly worker: AuthorizationWorker;
}

/** The provider (behind its breaker) and the worker that calls it, on one service's schema. */
export function buildPaymentParts(
  infra: Pick<Infrastructure, 'pool' | 'metrics' | 'logger' | 'outbox'>,
  config: PaymentConfig,
): PaymentParts {
  const database = paymentDatabase(infra.pool, config.DATABASE_SCHEMA);
  const client = new HttpProviderClient({
    baseUrl: config.PROVIDER_URL,
    apiKey: config.PROVIDER_API_KEY,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
  const provider = guardWithCircuitBreaker(
    client,
    {
      errorThresholdPercentage: config.PROVIDER_BREAKER_ERROR_PERCENTAGE,
      volumeThreshold: config.PROVIDER_BREAKER_VOLUME_THRESHOLD,
      rollingWindowMs: config.PROVIDER_BREAKER_WINDOW_MS,
      resetTimeoutMs: config.PROVIDER_BREAKER_RESET_TIMEOUT_MS,
    },
    infra.metrics.registry,
  );
  const worker = new AuthorizationWorker({
    transactions: database.transactions,
    schema: config.DATABASE_SCHEMA,
    listenConnection: connectionConfig({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }),
    outbox: infra.outbox,
    provider: openingCardTokens(provider.provider, loadCardTokenKeys(config)),
    circuitOpen: provider.isOpen,
    retry: retryPolicy(config),
    // No call outlives its timeout; the margin covers the two short transactions around it.
    leaseMs: config.PROVIDER_TIMEOUT_MS * 2 + 5000,
    pollMs: config.PAYMENT_WORKER_POLL_MS,
    batchSize: config.PAYMENT_WORKER_BATCH_SIZE,
    concurrency: config.PAYMENT_WORKER_CONCURRENCY,
    logger: infra.logger.child({ component: 'payment-worker' }),
    registry: infra.metrics.registry,
  });
  return { database, provider, worker };
}

const retryPolicy = (config: PaymentConfig) => ({
  baseMs: config.PAYMENT_RETRY_BASE_MS,
  maxMs: config.PAYMENT_RETRY_MAX_MS,
});

export const paymentService: ServiceDefinition<PaymentConfig> = {
  name: 'payment-service',
  configSchema: paymentConfigSchema,
  async build(infra, config) {
    const { database, provider, worker } = buildPaymentParts(infra, config);
    const saga = infra.consumer(
      'saga',
      paymentSagaSubscriptions({
        transactions: database.transactions,
        schema: config.DATABASE_SCHEMA,
        outbox: infra.outbox,
        retry: retryPolicy(config),
        logger: infra.logger.child({ component: 'payment-saga' }),
        refusals: infra.metrics.sagaEventsRefused,
      }),
    );
    const gdpr = infra.consumer('gdpr', userErasureSubscriptions({ transactions: database.transactions }));
    const app = await buildApp({ infra, queries: database.queries });
    return {
      app,
      consumers: [saga, gdpr],
      background: { start: () => worker.start(), stop: () => worker.stop() },
      close: async () => {
        provider.shutdown();
        await database.close();
      },
    };
  },
};
