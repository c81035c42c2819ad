import type { SealedCardToken } from '@shop/contracts';

/** Seals a card token for the payment service alone, bound to its order: nothing else can read it. */
export interface CardTokenSealer {
  seal(token: string, orderId: string): SealedCardToken;
}
