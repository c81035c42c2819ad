import type { StoredRefreshToken } from './refresh-token.js';

export interface NewRefreshToken {
  readonly userId: string;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/** One login (a token family), for the GDPR export: never the hashes. */
export interface SessionSummary {
  readonly familyId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

/** Refresh tokens in storage, on a connection or inside the caller's transaction. */
export interface RefreshTokenStore {
  issue(token: NewRefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<StoredRefreshToken | null>;
  /** Marks an unspent, unrevoked token used; false when someone else spent or revoked it first. */
  spend(tokenId: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeAllOf(userId: string, at: Date): Promise<void>;
  /** One row per family, oldest first. */
  sessionsOf(userId: string): Promise<SessionSummary[]>;
}
