import { connectionConfig } from '@shop/persistence';
import type { ServiceDefinition } from '@shop/runtime';
import { smtpMailer } from './adapters/smtp-mailer.js';
import { buildApp } from './app.js';
import { notificationConfigSchema, type NotificationConfig } from './config.js';
import { mailEventSubscriptions } from './consumers/mail-events.subscriptions.js';
import { notificationDatabase } from './persistence/database.js';
import { notificationHistory } from './persistence/notification-history.repository.js';
import { createNotificationPrisma } from './persistence/prisma.js';
import { prismaContactDirectory } from './persistence/replica.repository.js';
import { MailSenderWorker } from './workers/mail-sender.worker.js';

export const notificationService: ServiceDefinition<NotificationConfig> = {
  name: 'notification-service',
  configSchema: notificationConfigSchema,
  async build(infra, config) {
    const schema = config.DATABASE_SCHEMA;
    const prisma = createNotificationPrisma(infra.pool, schema);
    const database = notificationDatabase(infra.pool);
    const consumer = infra.consumer('mail', mailEventSubscriptions({ inTransaction: database.inTransaction, schema }));
    const sender = new MailSenderWorker({
      ...database,
      schema,
      listenConnection: connectionConfig({ url: config.DATABASE_URL, schema }),
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
      policy: {
        maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS,
        baseDelayMs: config.NOTIFICATION_RETRY_BASE_MS,
        maxDelayMs: config.NOTIFICATION_RETRY_MAX_MS,
      },
      // An SMTP exchange is bounded by three timeouts (connect, greeting, socket); the margin covers the bookkeeping.
      leaseMs: config.SMTP_TIMEOUT_MS * 3 + 5000,
      pollMs: config.NOTIFICATION_WORKER_POLL_MS,
      batchSize: config.NOTIFICATION_WORKER_BATCH_SIZE,
      logger: infra.logger.child({ component: 'mail-sender' }),
      onDeadLetter: (topic) => infra.metrics.deadLetters.inc({ topic, reason: 'delivery_failed' }),
    });
    const history = notificationHistory(database.autocommit, prisma);
    const app = await buildApp({ infra, history, contacts: prismaContactDirectory(prisma) });
    return {
      app,
      consumers: [consumer],
      background: { start: () => sender.start(), stop: () => sender.stop() },
      close: () => prisma.$disconnect(),
    };
  },
};
