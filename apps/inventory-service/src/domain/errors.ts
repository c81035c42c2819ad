import type { ErrorCode } from '@shop/contracts';

/** A decision that said no, as a value with a stable code; the HTTP edge maps it to the envelope. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}
