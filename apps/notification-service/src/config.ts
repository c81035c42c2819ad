import { z } from 'zod';
import { baseConfigSchema } from '@shop/runtime';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The notification service's environment: the shared keys plus SMTP and the sender's retry policy. */
export const notificationConfigSchema = baseConfigSchema.extend({
  /** The mail relay (the local sink, `@shop/mail-sink`, in development and tests). */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  /** Implicit TLS (port 465); otherwise STARTTLS when the relay offers it. */
  SMTP_SECURE: z.stringbool().default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TIMEOUT_MS: positiveInt(10_000),
  MAIL_FROM: z.string().min(3).default('Shop <no-reply@shop.local>'),
  /** Attempts per notification (SMTP failures, or waiting for the contact) before it is failed and dead-lettered. */
  NOTIFICATION_MAX_ATTEMPTS: positiveInt(8),
  /** Backoff between attempts: base·2^(n-1) with jitter, capped. */
  NOTIFICATION_RETRY_BASE_MS: positiveInt(1000),
  NOTIFICATION_RETRY_MAX_MS: positiveInt(300_000),
  /** The sender's safety-net poll (NOTIFY wakes it at once), and rows per claim. */
  NOTIFICATION_WORKER_POLL_MS: positiveInt(1000),
  NOTIFICATION_WORKER_BATCH_SIZE: positiveInt(10),
});

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
