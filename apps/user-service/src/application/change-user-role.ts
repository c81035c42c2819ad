import { changeRole, type Role, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { applyAccountChange } from './admin-account-change.js';

/** An admin grants a role: audited, announced (UserUpdated) in the same transaction, older access tokens void. */
export const changeUserRole = (
  deps: Pick<UserDeps, 'transactions' | 'outbox' | 'revocations'>,
  actorId: string,
  userId: string,
  role: Role,
  ctx: RequestContext,
): Promise<User> =>
  applyAccountChange(
    deps,
    { actorId, userId, ctx },
    {
      action: 'role.changed',
      to: role,
      from: (target) => target.role,
      decide: (target) => changeRole(actorId, target, role),
      write: (users) => users.setRole(userId, role),
    },
  );
