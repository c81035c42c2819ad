import { changeTier, type Tier, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { applyAccountChange } from './admin-account-change.js';

/** An admin moves an account to another tier, audited; older tokens are void, the next one carries the tier. */
export const changeUserTier = (
  deps: Pick<UserDeps, 'transactions' | 'outbox' | 'revocations'>,
  actorId: string,
  userId: string,
  tier: Tier,
  ctx: RequestContext,
): Promise<User> =>
  applyAccountChange(
    deps,
    { actorId, userId, ctx },
    {
      action: 'tier.changed',
      to: tier,
      from: (target) => target.tier,
      decide: (target) => changeTier(target, tier),
      write: (users) => users.setTier(userId, tier),
    },
  );
