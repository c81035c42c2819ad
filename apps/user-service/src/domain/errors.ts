import type { ErrorCode } from '@shop/contracts';

/** A decision that said no, as a value with a stable code; the HTTP edge maps it to the envelope. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export type Decision<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });
export const refuse = <T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Decision<T> => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
});
