import { connectionConfig } from '@shop/persistence';
import type { ServiceDefinition } from '@shop/runtime';
import { cardTokenSealer } from './adapters/card-token-sealer.js';
import { buildApp } from './app.js';
import { createOrderMetrics } from './application/order-metrics.js';
import { orderConfigSchema, type OrderConfig } from './config.js';
import { sagaSubscriptions } from './consumers/saga.subscriptions.js';
import { usersSubscriptions } from './consumers/users.subscriptions.js';
import { orderExport } from './persistence/order-export.repository.js';
import { orderDatabase } from './persistence/database.js';
import { OrderOutcomeWaiter } from './persistence/outcome-waiter.js';
import { createOrderPrisma } from './persistence/prisma.js';
import { idempotencyKeySweeper } from './workers/idempotency-key.sweeper.js';

export const orderService: ServiceDefinition<OrderConfig> = {
  name: 'order-service',
  configSchema: orderConfigSchema,
  async build(infra, config) {
    const prisma = createOrderPrisma(infra.pool, config.DATABASE_SCHEMA);
    const persistence = orderDatabase(infra.pool, config.DATABASE_SCHEMA);
    const transitions = {
      metrics: createOrderMetrics(infra.metrics),
      outbox: infra.outbox,
      policy: { cancellationWindowMs: config.CANCELLATION_WINDOW_MINUTES * 60_000 },
    };
    const outcomes = new OrderOutcomeWaiter(
      connectionConfig({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }),
      config.DATABASE_SCHEMA,
      infra.logger.child({ component: 'outcome-waiter' }),
    );
    const app = await buildApp({
      infra,
      persistence,
      transitions,
      outcomes,
      exports: orderExport(prisma),
      wait: { defaultMs: config.ORDER_WAIT_DEFAULT_MS, maxMs: config.ORDER_WAIT_MAX_MS },
      placing: {
        cardTokens: cardTokenSealer(config),
        deliveryDays: config.DELIVERY_DAYS,
        pricing: {
          taxRateBps: config.TAX_RATE_BPS,
          shippingCents: config.SHIPPING_CENTS,
          ...(config.FREE_SHIPPING_FROM_CENTS !== undefined
            ? { freeShippingFromCents: config.FREE_SHIPPING_FROM_CENTS }
            : {}),
        },
      },
    });
    const saga = infra.consumer(
      'saga',
      sagaSubscriptions({
        persistence,
        transitions,
        logger: infra.logger,
        refusals: infra.metrics.sagaEventsRefused,
      }),
    );
    const gdpr = infra.consumer('gdpr', usersSubscriptions({ persistence }));
    const sweeper = idempotencyKeySweeper(persistence.autocommit.idempotencyKeys, infra.logger);
    return {
      app,
      consumers: [saga, gdpr],
      background: {
        async start() {
          await outcomes.start();
          sweeper.start();
        },
        async stop() {
          sweeper.stop();
          await outcomes.stop();
        },
      },
      close: () => prisma.$disconnect(),
    };
  },
};
