import type { Sql } from '@shop/persistence';
import { ERASED_TOKEN, type UserErasureRepository } from '../domain/user-erasure.port.js';

/** The erasure of a user's card details, in the caller's transaction (the inbox row commits with it). */
export function userErasureRepository(tx: Sql): UserErasureRepository {
  return {
    async eraseCardDetails(userId, at) {
      await tx.execute(
        `UPDATE payments
            SET method_description = NULL,
                gateway_response = NULL,
                provider_token = CASE
                  WHEN status IN ('pending', 'authorizing') OR (status = 'voiding' AND transaction_id IS NULL)
                  THEN provider_token
                  ELSE $1 END,
                updated_at = $2
          WHERE user_id = $3::uuid`,
        ERASED_TOKEN,
        at,
        userId,
      );
    },
  };
}
