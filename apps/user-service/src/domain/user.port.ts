import type { Page, PagePosition } from '@shop/contracts';
import type { Anonymised, ProfileChanges, Role, Tier, User, UserStatus } from './user.js';

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly role?: Role;
}

export interface UserFilter {
  readonly role?: Role | undefined;
  readonly status?: UserStatus | undefined;
}

/** An account and its password hash, for the credential check only. */
export interface Credentials {
  readonly user: User;
  readonly passwordHash: string;
}

/** Accounts in storage, on a connection or inside the caller's transaction. */
export interface UserRepository {
  /** null when the e-mail address is taken. */
  insert(user: NewUser): Promise<User | null>;
  findById(userId: string): Promise<User | null>;
  findCredentials(email: string): Promise<Credentials | null>;
  /**
   * The account and its password hash, its row locked until the transaction ends: a change decided
   * on it cannot interleave with another (a profile change racing an erasure).
   */
  lockById(userId: string): Promise<Credentials | null>;
  updateProfile(userId: string, changes: ProfileChanges): Promise<User>;
  setRole(userId: string, role: Role): Promise<User>;
  setTier(userId: string, tier: Tier): Promise<User>;
  /** Also replaces the password hash with one nothing verifies against. */
  anonymise(userId: string, tombstone: Anonymised): Promise<User>;
  recordLogin(userId: string, at: Date): Promise<void>;
  /** Newest first, after a position. */
  page(filter: UserFilter, after: PagePosition | null, limit: number): Promise<Page<User>>;
}

/** Single-account reads outside any transaction. */
export interface UserReads {
  findById(userId: string): Promise<User | null>;
  findCredentials(email: string): Promise<Credentials | null>;
}
