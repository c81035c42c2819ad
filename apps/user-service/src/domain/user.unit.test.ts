import { describe, expect, it } from 'vitest';
import {
  anonymise,
  canSignIn,
  changeProfile,
  changeRole,
  changeTier,
  normaliseEmail,
  registered,
  type User,
} from './user.js';

const id = '6f1c2a3e-0000-4000-8000-000000000001';
const account: User = {
  userId: id,
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: null,
  phone: null,
  role: 'customer',
  tier: 'standard',
  status: 'active',
  emailVerified: false,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  lastLoginAt: null,
};
const card = { user_id: id, email: 'ada@example.com', first_name: 'Ada', last_name: null, role: 'customer' };

describe('user rules', () => {
  it('normalises e-mail addresses to lower case without surrounding spaces', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('lets only active accounts sign in', () => {
    expect(canSignIn({ status: 'active' })).toBe(true);
    expect(canSignIn({ status: 'suspended' })).toBe(false);
    expect(canSignIn({ status: 'deleted' })).toBe(false);
  });

  it('announces a new account with its contact card', () => {
    expect(registered(account)).toEqual([
      { definition: expect.objectContaining({ type: 'com.shop.user.registered.v1' }), subject: id, data: card },
    ]);
  });

  it('announces a profile change with the new contact card', () => {
    const { changes, events } = changeProfile(account, { lastName: 'Lovelace', phone: null });
    expect(changes).toEqual({ lastName: 'Lovelace', phone: null });
    expect(events).toEqual([
      {
        definition: expect.objectContaining({ type: 'com.shop.user.updated.v1' }),
        subject: id,
        data: { ...card, last_name: 'Lovelace' },
      },
    ]);
  });

  it('anonymises to a tombstone address and no personal fields; an erased account cannot be erased again', () => {
    expect(anonymise({ userId: id, status: 'active' })).toEqual({
      ok: true,
      value: {
        tombstone: { email: `deleted-${id}@invalid`, firstName: null, lastName: null, phone: null, status: 'deleted' },
        events: [
          {
            definition: expect.objectContaining({ type: 'com.shop.user.deleted.v1' }),
            subject: id,
            data: { user_id: id },
          },
        ],
      },
    });
    expect(anonymise({ userId: id, status: 'deleted' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lets an admin change someone else’s role, not their own, and not an erased account’s', () => {
    expect(changeRole('admin-1', account, 'support')).toEqual({
      ok: true,
      value: {
        role: 'support',
        changed: true,
        events: [
          {
            definition: expect.objectContaining({ type: 'com.shop.user.updated.v1' }),
            subject: id,
            data: { ...card, role: 'support' },
          },
        ],
      },
    });
    expect(changeRole('admin-1', account, 'customer')).toEqual({
      ok: true,
      value: { role: 'customer', changed: false, events: [] },
    });
    expect(changeRole(id, account, 'admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(changeRole('admin-1', { ...account, status: 'deleted' }, 'admin')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('moves an account between tiers, saying whether anything changed, but not an erased one', () => {
    const target = { userId: id, status: 'active' as const, tier: 'standard' as const };
    expect(changeTier(target, 'premium')).toEqual({ ok: true, value: { tier: 'premium', changed: true } });
    expect(changeTier(target, 'standard')).toEqual({ ok: true, value: { tier: 'standard', changed: false } });
    expect(changeTier({ ...target, status: 'deleted' }, 'premium')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
