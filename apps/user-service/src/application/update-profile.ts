import { AppError } from '@shop/http';
import type { ProfileChanges, User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { inTransaction, type UserDb } from '../persistence/transaction.js';
import { userRepository } from '../persistence/user.repository.js';
import { announceUpdated } from './user-events.js';

/**
 * The caller's own account. An access token outlives an erasure by up to an hour; an erased
 * (or vanished) account answers as an invalid token would.
 */
export async function currentUser(db: UserDb, userId: string): Promise<User> {
  const user = await userRepository(db).findById(userId);
  if (!user || user.status === 'deleted') throw new AppError('UNAUTHORIZED', 'The account no longer exists');
  return user;
}

/** Changes the caller's profile and announces it (UserUpdated) in the same transaction. */
export function updateProfile(deps: Pick<UserDeps, 'prisma' | 'outbox'>, userId: string, changes: ProfileChanges): Promise<User> {
  return inTransaction(deps.prisma, async (tx) => {
    await currentUser(tx, userId);
    const user = await userRepository(tx).updateProfile(userId, changes);
    await announceUpdated(tx, deps.outbox, user);
    return user;
  });
}
