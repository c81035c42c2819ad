import { statusOf, type DomainError, type ErrorCode } from '@shop/contracts';

/** An error with a stable code from the catalogue; the error handler turns it into the envelope. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get statusCode(): number {
    return statusOf(this.code);
  }
}

export const toAppError = (e: DomainError): AppError => new AppError(e.code, e.message, e.details);
