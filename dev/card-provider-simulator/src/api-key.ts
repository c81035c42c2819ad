import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The key the simulator expects when none is configured, and the payment service's development
 * default for PROVIDER_API_KEY (apps/payment-service/src/config.ts): the same literal on both sides,
 * so `make up` and the tests need no set-up. Never a secret, and refused by the payment service
 * outside the development and test profiles (APP_PROFILE).
 */
export const developmentApiKey = 'dev-provider-key-not-a-secret';

/** Whether an `Authorization` header carries `Bearer <key>`, compared in constant time. */
export function carriesApiKey(header: string | undefined, key: string): boolean {
  const [scheme, presented, ...rest] = (header ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !presented || rest.length > 0) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(key));
}
