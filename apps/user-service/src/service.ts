import type { ServiceDefinition } from '@shop/runtime';
import { accessTokenIssuer } from './adapters/access-token-signer.js';
import { argon2PasswordHasher } from './adapters/argon2-password-hasher.js';
import { redisAccessTokenRevocations } from './adapters/redis-access-token-revocations.js';
import { httpPlatformExports } from './adapters/http-platform-exports.js';
import { redisLoginThrottle } from './adapters/redis-login-throttle.js';
import { randomRefreshSecrets } from './adapters/refresh-secrets.js';
import { loadSigningKeys } from './adapters/signing-keys.js';
import { buildApp } from './app.js';
import { redisKeyPrefix, userConfigSchema, type UserConfig } from './config.js';
import { auditSubscriptions } from './consumers/audit.subscriptions.js';
import { userDatabase } from './persistence/database.js';

/**
 * The prefix of the Redis keys every service of a deployment shares (rate limits, token
 * revocations): the topic namespace, as the shared infrastructure builds the rate limiter's.
 */
const sharedKeyPrefix = (config: UserConfig): string =>
  config.KAFKA_TOPIC_NAMESPACE ? `${config.KAFKA_TOPIC_NAMESPACE}:` : '';

export const userService: ServiceDefinition<UserConfig> = {
  name: 'user-service',
  configSchema: userConfigSchema,
  async build(infra, config) {
    const database = userDatabase(infra.pool, config.DATABASE_SCHEMA);
    const keys = loadSigningKeys(config);
    const throttle = redisLoginThrottle(infra.redis, redisKeyPrefix(config), {
      perAccount: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      perIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
      slowAccountAfter: config.LOGIN_SLOW_ACCOUNT_AFTER,
      slowAccountSpacingMs: Math.round(config.LOGIN_SLOW_ACCOUNT_SPACING_SECONDS * 1000),
    });
    const tokenRevocation = { redis: infra.redis, keyPrefix: sharedKeyPrefix(config) };
    const app = await buildApp({
      infra,
      tokenRevocation,
      revocations: redisAccessTokenRevocations(tokenRevocation.redis, tokenRevocation.keyPrefix),
      transactions: database.transactions,
      sql: database.sql,
      reads: database.reads,
      outbox: infra.outbox,
      throttle,
      passwords: argon2PasswordHasher,
      refreshSecrets: randomRefreshSecrets,
      keys,
      issueAccessToken: accessTokenIssuer(keys, { issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE }),
      jwksMaxAgeSeconds: config.JWKS_MAX_AGE_SECONDS,
      platformExports: httpPlatformExports({
        orderServiceUrl: config.ORDER_SERVICE_URL,
        paymentServiceUrl: config.PAYMENT_SERVICE_URL,
        notificationServiceUrl: config.NOTIFICATION_SERVICE_URL,
        timeoutMs: config.EXPORT_TIMEOUT_MS,
      }),
    });
    const auditTrail = infra.consumer('audit-trail', auditSubscriptions(database.transactions));
    return { app, consumers: [auditTrail], close: () => database.close() };
  },
};
