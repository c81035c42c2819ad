import type { ServiceDefinition } from '@shop/runtime';
import { buildApp } from './app.js';
import { auditTrailSubscriptions } from './audit/audit-trail.consumer.js';
import { redisKeyPrefix, userConfigSchema, type UserConfig } from './config.js';
import { createUserPrisma } from './persistence/prisma.js';
import { accessTokenIssuer } from './security/access-tokens.js';
import { redisLoginThrottle } from './security/login-throttle.js';
import { loadSigningKeys } from './security/signing-keys.js';
import { httpPlatformExports } from './users/platform-exports.js';

export const userService: ServiceDefinition<UserConfig> = {
  name: 'user-service',
  configSchema: userConfigSchema,
  async build(infra, config) {
    const prisma = createUserPrisma(infra.pool, config.DATABASE_SCHEMA);
    const keys = loadSigningKeys(config);
    const throttle = redisLoginThrottle(infra.redis, redisKeyPrefix(config), {
      perAccount: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      perIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
    });
    const app = await buildApp({
      infra,
      prisma,
      outbox: infra.outbox,
      throttle,
      keys,
      issueAccessToken: accessTokenIssuer(keys),
      jwksMaxAgeSeconds: config.JWKS_MAX_AGE_SECONDS,
      platformExports: httpPlatformExports({
        orderServiceUrl: config.ORDER_SERVICE_URL,
        paymentServiceUrl: config.PAYMENT_SERVICE_URL,
        notificationServiceUrl: config.NOTIFICATION_SERVICE_URL,
        timeoutMs: config.EXPORT_TIMEOUT_MS,
      }),
    });
    const auditTrail = infra.consumer('audit-trail', auditTrailSubscriptions(prisma));
    return { app, consumers: [auditTrail], close: () => prisma.$disconnect() };
  },
};
