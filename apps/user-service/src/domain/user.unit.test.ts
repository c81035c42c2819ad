import { describe, expect, it } from 'vitest';
import { anonymise, canSignIn, changeRole, changeTier, normaliseEmail } from './user.js';

const id = '6f1c2a3e-0000-4000-8000-000000000001';

describe('user rules', () => {
  it('normalises e-mail addresses to lower case without surrounding spaces', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('lets only active accounts sign in', () => {
    expect(canSignIn({ status: 'active' })).toBe(true);
    expect(canSignIn({ status: 'suspended' })).toBe(false);
    expect(canSignIn({ status: 'deleted' })).toBe(false);
  });

  it('anonymises to a tombstone address and no personal fields; an erased account cannot be erased again', () => {
    expect(anonymise({ userId: id, status: 'active' })).toEqual({
      ok: true,
      value: { email: `deleted-${id}@invalid`, firstName: null, lastName: null, phone: null, status: 'deleted' },
    });
    expect(anonymise({ userId: id, status: 'deleted' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lets an admin change someone else’s role, not their own, and not an erased account’s', () => {
    const target = { userId: id, status: 'active' as const, role: 'customer' as const };
    expect(changeRole('admin-1', target, 'support')).toEqual({ ok: true, value: { role: 'support', changed: true } });
    expect(changeRole('admin-1', target, 'customer')).toEqual({ ok: true, value: { role: 'customer', changed: false } });
    expect(changeRole(id, target, 'admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(changeRole('admin-1', { ...target, status: 'deleted' }, 'admin')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('moves an account between tiers, saying whether anything changed, but not an erased one', () => {
    const target = { userId: id, status: 'active' as const, tier: 'standard' as const };
    expect(changeTier(target, 'premium')).toEqual({ ok: true, value: { tier: 'premium', changed: true } });
    expect(changeTier(target, 'standard')).toEqual({ ok: true, value: { tier: 'standard', changed: false } });
    expect(changeTier({ ...target, status: 'deleted' }, 'premium')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
