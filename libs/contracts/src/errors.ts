/**
 * The error catalogue (docs/api.md): one stable code, one HTTP status.
 * Domain errors carry a code; the HTTP layer maps it to a status and the envelope.
 */
export const ErrorCodes = {
  INVALID_REQUEST: 400,
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DUPLICATE_REQUEST: 409,
  INVALID_STATE_TRANSITION: 409,
  INSUFFICIENT_INVENTORY: 422,
  PRICE_CHANGED: 422,
  PAYMENT_FAILED: 422,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export const statusOf = (code: ErrorCode): number => ErrorCodes[code];
