import { describe, expect, it } from 'vitest';
import { visibleAccounts } from './account-visibility.js';

describe('which accounts a viewer may list', () => {
  it('gives admins every account, as filtered', () => {
    expect(visibleAccounts(['admin'], { role: 'partner', status: 'active' })).toEqual({
      ok: true,
      value: { role: 'partner', status: 'active' },
    });
  });

  it('limits support to customer accounts, and refuses to list staff or partners for it', () => {
    expect(visibleAccounts(['support'], { status: 'active' })).toEqual({
      ok: true,
      value: { status: 'active', role: 'customer' },
    });
    expect(visibleAccounts(['support'], { role: 'customer' })).toEqual({ ok: true, value: { role: 'customer' } });
    for (const role of ['partner', 'support', 'admin'] as const) {
      expect(visibleAccounts(['support'], { role })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
