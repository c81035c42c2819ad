import { statusOf, type ErrorCode } from './errors.js';

/**
 * The one error of the platform with a stable code from the catalogue. A decision returns it as a
 * value (`refuse`); a use case may throw it; the HTTP edge turns it into the error envelope, its
 * status taken from the code.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The HTTP status of the code (Fastify reads `statusCode` from a thrown error). */
  get statusCode(): number {
    return statusOf(this.code);
  }
}

/** What a decision returns: the accepted value, or the refusal. */
export type Decision<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });

export const refuse = <T = never>(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Decision<T> => ({
  ok: false,
  error: new DomainError(code, message, details),
});
