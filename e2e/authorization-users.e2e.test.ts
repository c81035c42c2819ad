import { describe, expect } from 'vitest';
import { registerAccount } from './support/accounts.js';
import {
  describeUnauthenticated,
  itChecksEachCell,
  useMatrixStack,
  type Action,
} from './support/authorization-matrix.js';
import { userRows, type UserAction } from './support/authorization-rows/users.js';

/** The user service's rows of the authorization matrix (support/authorization-rows/users.ts), end to end. */
describe('authorization matrix: user service, end to end', () => {
  // Accounts and roles are the user service's alone: no product, no order, no other service.
  const world = useMatrixStack({ services: ['user-service'], portBase: 7000, withProduct: false });
  const { asAdmin } = world;

  const userOf = async (userId: string) =>
    (
      (await asAdmin({ service: 'user-service', method: 'GET', path: '/api/v1/users?limit=100' })).body.data as {
        user_id: string;
        role: string;
        tier: string;
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
    'change a tier': {
      target: async (owner, cell) =>
        cell.ownership === 'own'
          ? owner.userId
          : (await registerAccount(world.stack, world.accounts.admin, 'customer', 'upgraded')).userId,
      attempt: (id) => ({
        service: 'user-service',
        method: 'PATCH',
        path: `/api/v1/users/${id}/tier`,
        body: { tier: 'premium' },
      }),
      granted: async (body, id) => {
        expect(body).toMatchObject({ user_id: id, tier: 'premium' });
        expect((await userOf(id))?.tier).toBe('premium');
      },
      refused: async (id) => expect((await userOf(id))?.tier).not.toBe('premium'),
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
  } satisfies Record<UserAction, Action>;

  itChecksEachCell(world, userRows, actions);
  describeUnauthenticated(world, ['user-service']);
});
