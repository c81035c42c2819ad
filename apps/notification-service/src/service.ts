import { connectionConfig } from '@shop/persistence';
import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { notificationConfigSchema, type NotificationConfig } from './config.js';
import { mailEventSubscriptions } from './consumers/mail-events.consumer.js';
import { MailSenderWorker } from './delivery/mail-sender.worker.js';
import { smtpMailer } from './mail/smtp-mailer.js';
import { createNotificationPrisma } from './persistence/prisma.js';

export const notificationService: ServiceDefinition<NotificationConfig> = {
  name: 'notification-service',
  configSchema: notificationConfigSchema,
  async build(infra, config) {
    const prisma = createNotificationPrisma(infra.pool, config.DATABASE_SCHEMA);
    const consumer = infra.consumer('mail', mailEventSubscriptions({ pool: infra.pool, schema: config.DATABASE_SCHEMA }));
    const sender = new MailSenderWorker({
      pool: infra.pool,
      schema: config.DATABASE_SCHEMA,
      listenConnection: connectionConfig({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }),
      mailer: smtpMailer({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        user: config.SMTP_USER,
        password: config.SMTP_PASSWORD,
        from: config.MAIL_FROM,
        timeoutMs: config.SMTP_TIMEOUT_MS,
      }),
      publisher: infra.publisher,
      topicNamespace: config.KAFKA_TOPIC_NAMESPACE,
      policy: { maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS, baseDelayMs: config.NOTIFICATION_RETRY_BASE_MS, maxDelayMs: config.NOTIFICATION_RETRY_MAX_MS },
      // An SMTP exchange is bounded by three timeouts (connect, greeting, socket); the margin covers the bookkeeping.
      leaseMs: config.SMTP_TIMEOUT_MS * 3 + 5000,
      pollMs: config.NOTIFICATION_WORKER_POLL_MS,
      batchSize: config.NOTIFICATION_WORKER_BATCH_SIZE,
      logger: infra.logger.child({ component: 'mail-sender' }),
      onDeadLetter: (topic) => infra.metrics.deadLetters.inc({ topic, reason: 'delivery_failed' }),
    });
    const app = await buildApp({ infra, prisma });
    return {
      app,
      consumers: [consumer],
      background: { start: () => sender.start(), stop: () => sender.stop() },
      close: () => prisma.$disconnect(),
    };
  },
};
