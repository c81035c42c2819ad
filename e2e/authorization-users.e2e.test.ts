import { describe, expect } from 'vitest';
import { registerAccount } from './support/accounts.js';
import {
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
  type Cell,
} from './support/authorization-matrix.js';

/**
 * The user service's rows of the authorization matrix. "View Users: support Limited" is read as:
 * support looks customer accounts up, read-only; staff and partner accounts, role changes and the
 * audit trail stay with admins.
 */

type ActionName = 'view users' | 'view staff accounts' | 'change a role' | 'read the audit log';

// Written from the role matrix, row by row, not from the code.
const matrix: readonly Cell<ActionName>[] = [
  // View Users: admin all, support limited, customer ❌, partner ❌.
  { action: 'view users', who: 'admin', ownership: 'none', expected: 200, sees: 'all' },
  { action: 'view users', who: 'support', ownership: 'none', expected: 200, sees: 'customers' },
  { action: 'view users', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'view users', who: 'partner', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'admin', ownership: 'none', expected: 200 },
  { action: 'view staff accounts', who: 'support', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'view staff accounts', who: 'partner', ownership: 'none', expected: 403 },
  { action: 'change a role', who: 'admin', ownership: 'other', expected: 200 },
  { action: 'change a role', who: 'support', ownership: 'other', expected: 403 },
  { action: 'change a role', who: 'customer', ownership: 'own', expected: 403 },
  { action: 'change a role', who: 'partner', ownership: 'own', expected: 403 },
  { action: 'read the audit log', who: 'admin', ownership: 'none', expected: 200 },
  { action: 'read the audit log', who: 'support', ownership: 'none', expected: 403 },
  { action: 'read the audit log', who: 'customer', ownership: 'none', expected: 403 },
  { action: 'read the audit log', who: 'partner', ownership: 'none', expected: 403 },
];

describe('authorization matrix: user service, end to end', () => {
  // Accounts and roles are the user service's alone: no product, no order, no other service.
  const world = useMatrixStack({ services: ['user-service'], portBase: 7000, withProduct: false });
  const { asAdmin } = world;

  const userOf = async (userId: string) =>
    (
      (await asAdmin({ service: 'user-service', method: 'GET', path: '/api/v1/users?limit=100' })).body.data as {
        user_id: string;
        role: string;
      }[]
    ).find((u) => u.user_id === userId);

  const actions = {
    'view users': {
      attempt: () => ({ service: 'user-service', method: 'GET', path: '/api/v1/users?limit=100' }),
      granted: async (body, _t, cell) => {
        const { accounts } = world;
        const listed = body.data as { user_id: string; role: string }[];
        const ids = listed.map((u) => u.user_id);
        expect(ids).toContain(accounts.customer.userId);
        if (cell.sees === 'all') {
          const staff = [accounts.admin.userId, accounts.support.userId, accounts.partner.userId];
          expect(ids).toEqual(expect.arrayContaining(staff));
        } else expect(listed.every((u) => u.role === 'customer')).toBe(true);
      },
    },
    'view staff accounts': {
      attempt: () => ({ service: 'user-service', method: 'GET', path: '/api/v1/users?role=support&limit=100' }),
      granted: async (body) =>
        expect(body.data.map((u: { user_id: string }) => u.user_id)).toContain(world.accounts.support.userId),
    },
    'change a role': {
      target: async (owner, cell) =>
        cell.ownership === 'own'
          ? owner.userId
          : (await registerAccount(world.stack, world.accounts.admin, 'customer', 'promoted')).userId,
      attempt: (id) => ({
        service: 'user-service',
        method: 'PATCH',
        path: `/api/v1/users/${id}/role`,
        body: { role: 'admin' },
      }),
      granted: async (body, id) => {
        expect(body).toMatchObject({ user_id: id, role: 'admin' });
        expect((await userOf(id))?.role).toBe('admin');
      },
      refused: async (id) => expect((await userOf(id))?.role).not.toBe('admin'),
    },
    'read the audit log': {
      attempt: () => ({
        service: 'user-service',
        method: 'GET',
        path: '/api/v1/audit?action=role.changed&limit=100',
      }),
      granted: async (body) =>
        expect(body.data.map((e: { target_user_id: string }) => e.target_user_id)).toContain(
          world.accounts.support.userId,
        ),
    },
  } satisfies Record<ActionName, Action>;

  itChecksEachCell(world, matrix, actions);
  describeUnauthenticated(world, ['user-service']);
});
