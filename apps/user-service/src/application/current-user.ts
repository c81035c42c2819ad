import { DomainError } from '@shop/contracts';
import type { User } from '../domain/user.js';
import type { UserDeps } from '../deps.js';

/**
 * The caller's own account. An access token outlives an erasure by up to an hour; an erased
 * (or vanished) account answers as an invalid token would.
 */
export function liveAccount(user: User | null): User {
  if (!user || user.status === 'deleted') throw new DomainError('UNAUTHORIZED', 'The account no longer exists');
  return user;
}

export const currentUser = async (deps: Pick<UserDeps, 'reads'>, userId: string): Promise<User> =>
  liveAccount(await deps.reads.findById(userId));
