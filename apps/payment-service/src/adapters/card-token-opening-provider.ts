import type { KeyObject } from 'node:crypto';
import { openCardToken, SealedCardToken } from '@shop/contracts';
import type { PaymentProvider } from '../domain/payment-provider.port.js';

/** The decline a payment whose card token this service cannot open ends in: final, so the saga compensates. */
export const unreadableCardToken = 'card_token_unreadable';

function sealedOf(stored: string): SealedCardToken | undefined {
  try {
    const parsed = SealedCardToken.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The provider as the worker calls it: a payment keeps its card token sealed, as OrderPlaced
 * brought it, and the token is opened here, for the one authorization call, and nowhere else. A
 * token this service cannot open (sealed with a key it does not hold, tampered with, moved from
 * another order, or erased) is declined for good without calling the provider: the payment fails
 * with this reason and the order is cancelled, never retried in a loop.
 */
export function openingCardTokens(provider: PaymentProvider, keys: ReadonlyMap<string, KeyObject>): PaymentProvider {
  return {
    async authorize(request) {
      const sealed = sealedOf(request.token);
      const opened = sealed
        ? openCardToken(sealed, keys, request.orderId)
        : ({ ok: false, reason: 'unreadable' } as const);
      if (!opened.ok) {
        const why =
          opened.reason === 'unknown_key'
            ? `sealed with a key this service does not hold (kid ${sealed?.kid})`
            : 'not readable';
        return { outcome: 'declined', code: unreadableCardToken, message: `The card token is ${why}` };
      }
      return provider.authorize({ ...request, token: opened.token });
    },
    void: (request) => provider.void(request),
    capture: (request) => provider.capture(request),
    refund: (request) => provider.refund(request),
  };
}
