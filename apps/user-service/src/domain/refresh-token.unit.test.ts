import { describe, expect, it } from 'vitest';
import { decideRefresh, refreshExpiry, type StoredRefreshToken } from './refresh-token.js';

const now = new Date('2025-01-01T12:00:00Z');
const token = (overrides: Partial<StoredRefreshToken> = {}): StoredRefreshToken => ({
  tokenId: 't1',
  userId: 'u1',
  familyId: 'f1',
  expiresAt: new Date('2025-01-31T12:00:00Z'),
  usedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('refresh-token rotation', () => {
  it('given an unspent live token, rotates within its family', () => {
    expect(decideRefresh(token(), now)).toEqual({ kind: 'rotate', userId: 'u1', familyId: 'f1' });
  });

  it('given a spent token, detects reuse and names the family to revoke', () => {
    expect(decideRefresh(token({ usedAt: new Date('2025-01-01T11:00:00Z') }), now)).toEqual({
      kind: 'reuse',
      familyId: 'f1',
    });
  });

  it('given an unknown, revoked or expired token, rejects it', () => {
    expect(decideRefresh(null, now)).toEqual({ kind: 'reject', reason: 'unknown' });
    expect(decideRefresh(token({ revokedAt: now, usedAt: now }), now)).toEqual({ kind: 'reject', reason: 'revoked' });
    expect(decideRefresh(token({ expiresAt: now }), now)).toEqual({ kind: 'reject', reason: 'expired' });
  });

  it('issues tokens for 30 days', () => {
    expect(refreshExpiry(now).toISOString()).toBe('2025-01-31T12:00:00.000Z');
  });
});
