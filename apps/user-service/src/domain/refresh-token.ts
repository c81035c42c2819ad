/**
 * Rotating refresh tokens with reuse detection. Each login starts a family;
 * every refresh spends the presented token and issues the next one in the same family. A spent
 * token presented again means two parties hold the chain (one of them a thief): the whole family
 * is revoked, so the newest token stops working too.
 */

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3_600_000;

export interface StoredRefreshToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

export type RefreshDecision =
  | { readonly kind: 'rotate'; readonly userId: string; readonly familyId: string }
  | { readonly kind: 'reuse'; readonly familyId: string }
  | { readonly kind: 'reject'; readonly reason: 'unknown' | 'expired' | 'revoked' };

/** What to do with a presented refresh token, given what is stored for it (null: nothing). */
export function decideRefresh(token: StoredRefreshToken | null, now: Date): RefreshDecision {
  if (!token) return { kind: 'reject', reason: 'unknown' };
  if (token.revokedAt) return { kind: 'reject', reason: 'revoked' };
  if (token.usedAt) return { kind: 'reuse', familyId: token.familyId };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', reason: 'expired' };
  return { kind: 'rotate', userId: token.userId, familyId: token.familyId };
}

export const refreshExpiry = (now: Date): Date => new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
