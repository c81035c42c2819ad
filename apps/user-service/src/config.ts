import { z } from 'zod';
import { serviceInfo, type ServiceName } from '@shop/contracts';
import { allowsDevelopmentDefaults, baseConfigSchema } from '@shop/runtime';

const serviceUrl = (name: ServiceName) =>
  z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${serviceInfo(name).port}`);

const userConfigKeys = baseConfigSchema.extend({
  /**
   * The RS256 private key (PEM) that signs access tokens, or a file holding it; under the development
   * and test profiles the key in .dev-keys/ by default, required outside them (the refinement).
   */
  JWT_PRIVATE_KEY: z.string().min(1).optional(),
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** A file of PEM public keys retired from signing, still served in the JWKS until their tokens have expired. */
  JWT_PREVIOUS_PUBLIC_KEYS_FILE: z.string().min(1).optional(),
  /** How long clients and gateways may cache /.well-known/jwks.json. */
  JWKS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Failures on one account from any addresses in the window, after which its attempts are spaced out. */
  LOGIN_SLOW_ACCOUNT_AFTER: z.coerce.number().int().positive().default(20),
  LOGIN_SLOW_ACCOUNT_SPACING_SECONDS: z.coerce.number().positive().default(2),
  /** Where the GDPR export gathers the other services' shares (default: their development ports). */
  ORDER_SERVICE_URL: serviceUrl('order-service'),
  PAYMENT_SERVICE_URL: serviceUrl('payment-service'),
  NOTIFICATION_SERVICE_URL: serviceUrl('notification-service'),
  /** How long the export waits for each of them before answering 503. */
  EXPORT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Prefix of this service's Redis keys; default `user-service:<KAFKA_TOPIC_NAMESPACE>:`, so test runs stay apart. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]*$/)
    .optional(),
});

export const userConfigSchema = userConfigKeys.superRefine((config, ctx) => {
  if (!allowsDevelopmentDefaults(config.APP_PROFILE) && !config.JWT_PRIVATE_KEY && !config.JWT_PRIVATE_KEY_FILE) {
    const message = `required in the ${config.APP_PROFILE} profile (or JWT_PRIVATE_KEY_FILE): nothing signs tokens`;
    ctx.addIssue({ code: 'custom', path: ['JWT_PRIVATE_KEY'], message });
  }
});
export type UserConfig = z.infer<typeof userConfigSchema>;

export const redisKeyPrefix = (config: UserConfig): string =>
  config.REDIS_KEY_PREFIX ?? `user-service:${config.KAFKA_TOPIC_NAMESPACE}:`;
