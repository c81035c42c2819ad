import type { PaymentPrismaTx } from '../persistence/prisma.js';

/** What stands in for an erased card token. */
export const ERASED_TOKEN = '[erased]';

/**
 * GDPR erasure (seed §7.3.4) of one user's payments. Payments are accounting records, so amounts,
 * statuses, ids, the provider's transaction id and the attempts stay; the card's description and
 * the provider's raw answer go, and so does the card token — except while an authorization may
 * still be sent or replayed (pending, authorizing, or voiding one whose answer we never got),
 * where dropping it would leave the provider holding money nobody can release.
 */
export async function eraseUserPayments(tx: PaymentPrismaTx, userId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE payments
       SET method_description = NULL,
           gateway_response = NULL,
           provider_token = CASE
             WHEN status IN ('pending', 'authorizing') OR (status = 'voiding' AND transaction_id IS NULL) THEN provider_token
             ELSE ${ERASED_TOKEN} END,
           updated_at = ${at}
     WHERE user_id = ${userId}::uuid`;
}
