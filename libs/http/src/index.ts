export {
  accessTokenParties,
  auditContextOf,
  authenticate,
  authPlugin,
  callerOf,
  defaultAccessTokenParties,
  hasRole,
  loadPublicKey,
  registerAuth,
  requireRole,
  type AccessTokenHeader,
  type AccessTokenParties,
  type AuthOptions,
  type Caller,
  type Role,
} from './auth.js';
export { createHttpApp, type HttpAppOptions, type HttpInfrastructure, type TrustProxy } from './create-http-app.js';
export { accessLogPlugin, requestLogger } from './access-log.js';
export { corsPlugin } from './cors.js';
export { errorsPlugin } from './error-handler.js';
export { healthPlugin, type ReadinessCheck } from './health.js';
export { createMetricsApp, metricsPlugin } from './metrics.js';
export { openApiPlugin } from './openapi.js';
export {
  decodeCursor,
  decodeKeysetCursor,
  encodeCursor,
  encodeKeysetCursor,
  keysetPageResponse,
  keysetPagination,
  offsetPage,
} from './pagination.js';
export { defaultTiers, rateLimitPlugin, type RateLimitOptions, type Tier, type TierName } from './rate-limit.js';
export { requestIdOf, requestIdPlugin } from './request-id.js';
export { defaultJwksRefetchLimits, type JwksRefetchLimits } from './jwks-refetch-limit.js';
export { defaultInvalidTokenTier } from './invalid-token-budget.js';
export {
  accessTokenNotBeforeKey,
  recordAccessTokenNotBefore,
  tokenRevocationPlugin,
  type TokenRevocationOptions,
} from './token-revocation.js';
export { securityHeaders, securityHeadersPlugin } from './security-headers.js';
export { registerUserExportRoute } from './user-export-route.js';
