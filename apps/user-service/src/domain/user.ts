import { accept, refuse, type Decision } from '@shop/contracts';
import { userDeleted, userRegistered, userUpdated, type UserEvent } from './user-events.js';

export type Role = 'customer' | 'admin' | 'support' | 'partner';
export type UserStatus = 'active' | 'suspended' | 'deleted';
/** Premium customers get higher rate limits, through the `tier` claim of their tokens. */
export type Tier = 'standard' | 'premium' | 'load';

/** An account as the domain sees it: no password hash (that stays with the credential check). */
export interface User {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly role: Role;
  readonly tier: Tier;
  readonly status: UserStatus;
  readonly emailVerified: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
}

export interface ProfileChanges {
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly phone?: string | null;
}

/** What erasure leaves of an account: an id and a tombstone address nobody can log in with. */
export interface Anonymised {
  readonly email: string;
  readonly firstName: null;
  readonly lastName: null;
  readonly phone: null;
  readonly status: 'deleted';
}

/** One mailbox, one account: addresses are compared and stored lower-case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Only an active account may sign in or refresh its session. */
export const canSignIn = (user: Pick<User, 'status'>): boolean => user.status === 'active';

/** A new account is announced to the services that replicate contact cards. */
export const registered = (user: User): readonly UserEvent[] => [userRegistered(user)];

/** The caller changes their own name or phone; the replicas learn the new card. */
export function changeProfile(
  user: User,
  changes: ProfileChanges,
): { changes: ProfileChanges; events: readonly UserEvent[] } {
  return { changes, events: [userUpdated({ ...user, ...changes })] };
}

/** GDPR erasure: the row stays (orders and the audit trail refer to its id), the person goes. */
export function anonymise(
  user: Pick<User, 'userId' | 'status'>,
): Decision<{ tombstone: Anonymised; events: readonly UserEvent[] }> {
  if (user.status === 'deleted') return refuse('NOT_FOUND', 'The account no longer exists');
  const tombstone: Anonymised = {
    email: `deleted-${user.userId}@invalid`,
    firstName: null,
    lastName: null,
    phone: null,
    status: 'deleted',
  };
  return accept({ tombstone, events: [userDeleted(user.userId)] });
}

/** An admin moves an account between tiers; an erased account has none. No event: the tier rides in the next token. */
export function changeTier(
  target: Pick<User, 'userId' | 'status' | 'tier'>,
  tier: Tier,
): Decision<{ tier: Tier; changed: boolean }> {
  if (target.status === 'deleted') return refuse('NOT_FOUND', `User ${target.userId} not found`);
  return accept({ tier, changed: target.tier !== tier });
}

/**
 * An admin grants another account a role. Not their own: the last admin cannot lock everyone out
 * by accident, and no one promotes or demotes themselves. A change is announced (UserUpdated).
 */
export function changeRole(
  actorId: string,
  target: User,
  role: Role,
): Decision<{ role: Role; changed: boolean; events: readonly UserEvent[] }> {
  if (target.status === 'deleted') return refuse('NOT_FOUND', `User ${target.userId} not found`);
  if (actorId === target.userId) return refuse('FORBIDDEN', 'Admins cannot change their own role');
  const changed = target.role !== role;
  return accept({ role, changed, events: changed ? [userUpdated({ ...target, role })] : [] });
}
