import type { MatrixRows } from '../authorization-matrix.js';

/**
 * The user service's rows of the authorization matrix. "View Users: support Limited" is read as:
 * support looks customer accounts up, read-only; staff and partner accounts, role and tier changes
 * and the audit trail stay with admins.
 */
export type UserAction =
  'view users' | 'view staff accounts' | 'change a role' | 'change a tier' | 'read the audit log';

const adminOnly = (action: UserAction, granted: number) =>
  [
    { action, who: 'admin', ownership: 'other', expected: granted },
    { action, who: 'support', ownership: 'other', expected: 403 },
    { action, who: 'customer', ownership: 'own', expected: 403 },
    { action, who: 'customer', ownership: 'other', expected: 403 },
    { action, who: 'partner', ownership: 'own', expected: 403 },
  ] as const;

export const userRows: MatrixRows<UserAction> = {
  operations: {
    'view users': 'GET /api/v1/users',
    'view staff accounts': 'GET /api/v1/users',
    'change a role': 'PATCH /api/v1/users/{id}/role',
    'change a tier': 'PATCH /api/v1/users/{id}/tier',
    'read the audit log': 'GET /api/v1/audit',
  },
  // Written from the role matrix, row by row, not from the code.
  matrix: [
    // View Users: admin all, support limited, customer ❌, partner ❌.
    { action: 'view users', who: 'admin', ownership: 'none', expected: 200, sees: 'all' },
    { action: 'view users', who: 'support', ownership: 'none', expected: 200, sees: 'customers' },
    { action: 'view users', who: 'customer', ownership: 'none', expected: 403 },
    { action: 'view users', who: 'partner', ownership: 'none', expected: 403 },
    { action: 'view staff accounts', who: 'admin', ownership: 'none', expected: 200 },
    { action: 'view staff accounts', who: 'support', ownership: 'none', expected: 403 },
    { action: 'view staff accounts', who: 'customer', ownership: 'none', expected: 403 },
    { action: 'view staff accounts', who: 'partner', ownership: 'none', expected: 403 },
    // An account's role and tier: admins only, whoever's account it is — the caller's own included.
    ...adminOnly('change a role', 200),
    ...adminOnly('change a tier', 200),
    { action: 'read the audit log', who: 'admin', ownership: 'none', expected: 200 },
    { action: 'read the audit log', who: 'support', ownership: 'none', expected: 403 },
    { action: 'read the audit log', who: 'customer', ownership: 'none', expected: 403 },
    { action: 'read the audit log', who: 'partner', ownership: 'none', expected: 403 },
  ],
};
