import type { ErrorCode } from './errors.js';

/**
 * A decision that said no, as a value with a stable code from the catalogue: domain code returns
 * it, and the HTTP edge turns it into the error envelope (status from the code).
 */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** What a decision returns: the accepted value, or the refusal. */
export type Decision<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });

export const refuse = <T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Decision<T> => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
});
