import { z } from 'zod';
import { allowsDevelopmentDefaults, baseConfigSchema } from '@shop/runtime';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * PROVIDER_API_KEY's development default: what dev/card-provider-simulator expects unless told
 * otherwise (the same literal there, so `make up` and the tests need no set-up). Refused outside the
 * development and test profiles (APP_PROFILE), where the provider's real secret must be set.
 */
export const developmentProviderApiKey = 'dev-provider-key-not-a-secret';

/** PROVIDER_URL's development default: the simulator as `make up` starts it. */
const simulatorUrl = 'http://127.0.0.1:3099';
const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The payment service's environment: the shared keys plus the card provider, its breaker and the worker. */
export const paymentConfigSchema = baseConfigSchema
  .extend({
    /**
     * The card processor: https unless loopback, or any http under the development and test profiles
     * (the refinement); required outside them, the simulator on loopback by default under them.
     */
    PROVIDER_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The secret key sent as `Authorization: Bearer <key>` on every call to the provider. */
    PROVIDER_API_KEY: z.string().min(1).default(developmentProviderApiKey),
    /** Per call: a provider that has not answered by then counts as a timeout (and a breaker failure). */
    PROVIDER_TIMEOUT_MS: positiveInt(2000),
    /** The breaker opens when more than this share of calls in the window failed... */
    PROVIDER_BREAKER_ERROR_PERCENTAGE: z.coerce.number().min(1).max(100).default(50),
    /** ...and at least this many calls were made in it (by default: opens after 5 failures). */
    PROVIDER_BREAKER_VOLUME_THRESHOLD: positiveInt(5),
    /** The rolling window the breaker counts in. */
    PROVIDER_BREAKER_WINDOW_MS: positiveInt(10_000),
    /** How long the breaker stays open before one trial call (half-open). */
    PROVIDER_BREAKER_RESET_TIMEOUT_MS: positiveInt(30_000),
    /** Backoff between attempts at one operation: base·2^(n-1) with jitter, capped. */
    PAYMENT_RETRY_BASE_MS: positiveInt(1000),
    PAYMENT_RETRY_MAX_MS: positiveInt(60_000),
    /** The worker's safety-net poll (NOTIFY wakes it at once); and how many payments one pass takes. */
    PAYMENT_WORKER_POLL_MS: positiveInt(1000),
    PAYMENT_WORKER_BATCH_SIZE: positiveInt(10),
    /** Provider calls under way at once per replica (each holds no database connection while it waits). */
    PAYMENT_WORKER_CONCURRENCY: positiveInt(64),
    /**
     * The card-token private keys (X25519 PKCS#8 PEM blocks, the current one and any still retiring) or a file
     * holding them; default: the development key in .dev-keys/.
     */
    CARD_TOKEN_PRIVATE_KEYS: z.string().optional(),
    CARD_TOKEN_PRIVATE_KEYS_FILE: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    const development = allowsDevelopmentDefaults(config.APP_PROFILE);
    if (config.PROVIDER_URL === undefined && !development) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROVIDER_URL'],
        message: `required in the ${config.APP_PROFILE} profile`,
      });
    }
    const url = new URL(config.PROVIDER_URL ?? simulatorUrl);
    if (url.protocol === 'http:' && !loopbackHost.test(url.hostname) && !development) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROVIDER_URL'],
        message: 'must be https (plain http only to a loopback host, or when APP_PROFILE is development or test)',
      });
    }
    if (!development && config.PROVIDER_API_KEY === developmentProviderApiKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROVIDER_API_KEY'],
        message:
          `must be set to the provider's secret key in the ${config.APP_PROFILE} profile ` +
          '(the development key is refused)',
      });
    }
  })
  .transform((config) => ({ ...config, PROVIDER_URL: config.PROVIDER_URL ?? simulatorUrl }));

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
