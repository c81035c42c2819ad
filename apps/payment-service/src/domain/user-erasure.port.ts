/** What stands in for an erased card token. */
export const ERASED_TOKEN = '[erased]';

/**
 * GDPR erasure of one user's payments. Payments are accounting records, so amounts, statuses,
 * ids, the provider's transaction id and the attempts stay; the card's description and the
 * provider's raw answer go, and so does the card token (it becomes ERASED_TOKEN) — except while an
 * authorization may still be sent or replayed (pending, authorizing, or voiding one whose answer
 * we never got), where dropping it would leave the provider holding money nobody can release.
 */
export interface UserErasureRepository {
  eraseCardDetails(userId: string, at: Date): Promise<void>;
}
