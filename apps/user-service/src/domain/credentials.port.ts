import type { User } from './user.js';

/** Password hashing: only the hash is stored, and checking costs the same whether an account exists or not. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True only for the right password; with no stored hash it still spends one verification. */
  verify(storedHash: string | null, password: string): Promise<boolean>;
}

/** Signs an access token for an account: its id, address, role and rate-limit tier. */
export type AccessTokenIssuer = (user: Pick<User, 'userId' | 'email' | 'role' | 'tier'>) => string;

/** Refresh-token secrets: random, handed to the client once; only their digest is stored. */
export interface RefreshSecrets {
  create(): string;
  digest(secret: string): string;
}
