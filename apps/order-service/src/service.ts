import { connectionConfig } from '@shop/persistence';
import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { orderConfigSchema, type OrderConfig } from './config.js';
import { OrderOutcomeWaiter } from './orders/outcome-waiter.js';
import { purgeExpiredKeys } from './orders/idempotency.js';
import { createOrderMetrics } from './orders/order-metrics.js';
import { createOrderPrisma } from './persistence/prisma.js';
import { userErasureSubscriptions } from './gdpr/user-erasure.consumer.js';
import { orderSagaSubscriptions } from './saga/order-saga.consumer.js';

export const orderService: ServiceDefinition<OrderConfig> = {
  name: 'order-service',
  configSchema: orderConfigSchema,
  async build(infra, config) {
    const prisma = createOrderPrisma(infra.pool, config.DATABASE_SCHEMA);
    const metrics = createOrderMetrics(infra.metrics);
    const transitions = {
      metrics,
      outbox: infra.outbox,
      schema: config.DATABASE_SCHEMA,
      policy: { cancellationWindowMs: config.CANCELLATION_WINDOW_MINUTES * 60_000 },
    };
    const waiter = new OrderOutcomeWaiter(
      connectionConfig({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }),
      config.DATABASE_SCHEMA,
      infra.logger.child({ component: 'outcome-waiter' }),
    );
    const app = await buildApp({
      infra,
      prisma,
      pool: infra.pool,
      transitions,
      waiter,
      wait: { defaultMs: config.ORDER_WAIT_DEFAULT_MS, maxMs: config.ORDER_WAIT_MAX_MS },
      placing: {
        pool: infra.pool,
        metrics,
        outbox: infra.outbox,
        deliveryDays: config.DELIVERY_DAYS,
        pricing: {
          taxRateBps: config.TAX_RATE_BPS,
          shippingCents: config.SHIPPING_CENTS,
          ...(config.FREE_SHIPPING_FROM_CENTS !== undefined ? { freeShippingFromCents: config.FREE_SHIPPING_FROM_CENTS } : {}),
        },
      },
    });
    const saga = infra.consumer('saga', orderSagaSubscriptions({ pool: infra.pool, transitions, logger: infra.logger }));
    const gdpr = infra.consumer('gdpr', userErasureSubscriptions({ pool: infra.pool }));
    let purge: NodeJS.Timeout | undefined;
    return {
      app,
      consumers: [saga, gdpr],
      background: {
        async start() {
          await waiter.start();
          purge = setInterval(() => void purgeExpiredKeys(prisma).catch((err) => infra.logger.warn({ err }, 'idempotency purge failed')), 3_600_000);
          purge.unref();
        },
        async stop() {
          clearInterval(purge);
          await waiter.stop();
        },
      },
      close: () => prisma.$disconnect(),
    };
  },
};
