import type { PaymentStatus, ProviderOperation } from '@shop/contracts';

export type { PaymentStatus, ProviderOperation };

/** What OrderPlaced tells us: the intent to pay, nothing charged yet. */
export interface PaymentIntent {
  readonly paymentId: string;
  readonly orderId: string;
  readonly userId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** The payment method's type as the order gave it ('card'). */
  readonly paymentMethod: string;
  /**
   * The card token as OrderPlaced sealed it for this service (a SealedCardToken, as JSON): kept
   * sealed, opened only for the authorization call (adapters/card-token-opening-provider.ts).
   */
  readonly providerToken: string;
}

/** One order's payment, as the domain sees it (no persistence types cross this line). */
export interface Payment extends PaymentIntent {
  readonly status: PaymentStatus;
  readonly transactionId: string | null;
  /** "Visa ending in 4242", as the provider described the card. */
  readonly methodDescription: string | null;
  /** Attempts at the provider operation under way; reset when a new operation starts. */
  readonly attemptCount: number;
  /** When the worker should next call the provider; null when there is nothing to do. */
  readonly nextAttemptAt: Date | null;
  /** Set before the first authorization request leaves: from then on the provider may hold one. */
  readonly authorizationSentAt: Date | null;
  /** The order was cancelled while a capture was under way: refund once it completes. */
  readonly cancelRequestedAt: Date | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly authorizedAt: Date | null;
  readonly failedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly voidedAt: Date | null;
  readonly capturedAt: Date | null;
  readonly refundedAt: Date | null;
}

/** What the saga said about an order before its intent arrived (events of two topics come in either order). */
export interface OrderSignals {
  readonly inventoryReserved: boolean;
  readonly orderCancelled: boolean;
}

/** The events a payment's transitions produce (published as PaymentAuthorized, PaymentFailed, ...). */
export type PaymentEventName = 'authorized' | 'failed' | 'voided' | 'captured' | 'refunded';

export function newPayment(intent: PaymentIntent): Payment {
  return {
    ...intent,
    status: 'pending',
    transactionId: null,
    methodDescription: null,
    attemptCount: 0,
    nextAttemptAt: null,
    authorizationSentAt: null,
    cancelRequestedAt: null,
    failureCode: null,
    failureMessage: null,
    authorizedAt: null,
    failedAt: null,
    cancelledAt: null,
    voidedAt: null,
    capturedAt: null,
    refundedAt: null,
  };
}
