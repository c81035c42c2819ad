import type { UserErasureRepository } from '../domain/user-erasure.port.js';

/** A deleted user's payments keep the books and lose the card (see UserErasureRepository for what stays). */
export async function eraseUserPayments(repository: UserErasureRepository, userId: string, at: Date): Promise<void> {
  await repository.eraseCardDetails(userId, at);
}
