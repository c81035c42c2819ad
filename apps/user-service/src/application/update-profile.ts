import { changeProfile, type ProfileChanges, type User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';
import { userRepository } from '../persistence/user.repository.js';
import { liveAccount } from './current-user.js';
import { emitEvents } from './emit-events.js';

/**
 * Changes the caller's profile and announces it (UserUpdated) in the same transaction. The row is
 * locked before deciding, so an erasure committing meanwhile is seen: the change is refused, not
 * written over the tombstone.
 */
export function updateProfile(
  deps: Pick<UserDeps, 'transactions' | 'outbox'>,
  userId: string,
  changes: ProfileChanges,
): Promise<User> {
  return deps.transactions(async (tx) => {
    const users = userRepository(tx);
    const locked = await users.lockById(userId);
    const decision = changeProfile(liveAccount(locked?.user ?? null), changes);
    const user = await users.updateProfile(userId, decision.changes);
    await emitEvents(tx, deps.outbox, decision.events);
    return user;
  });
}
