import { AppError } from '@shop/http';
import type { Page, Position, UserFilter } from '../domain/ports.js';
import { changeRole, changeTier, type Role, type Tier, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { inTransaction } from '../persistence/transaction.js';
import { userRepository } from '../persistence/user.repository.js';
import { announceUpdated } from './user-events.js';

export const listUsers = (deps: Pick<UserDeps, 'prisma'>, filter: UserFilter, after: Position | null, limit: number): Promise<Page<User>> =>
  userRepository(deps.prisma).page(filter, after, limit);

/** An admin grants a role: audited, and announced (UserUpdated) in the same transaction. */
export function changeUserRole(deps: Pick<UserDeps, 'prisma' | 'outbox'>, actorId: string, userId: string, role: Role, ctx: RequestContext): Promise<User> {
  return inTransaction(deps.prisma, async (tx) => {
    const users = userRepository(tx);
    const target = await users.findById(userId);
    if (!target) throw new AppError('NOT_FOUND', `User ${userId} not found`);
    const decision = changeRole(actorId, target, role);
    if (!decision.ok) throw new AppError(decision.error.code, decision.error.message, decision.error.details);
    if (!decision.value.changed) return target;
    const updated = await users.setRole(userId, role);
    await auditLog(tx).append({ action: 'role.changed', actorId, targetUserId: userId, requestId: ctx.requestId, details: { from: target.role, to: role } });
    await announceUpdated(tx, deps.outbox, updated);
    return updated;
  });
}

/** An admin moves an account to another tier: audited like a role change. The new tier rides in the next access token. */
export function changeUserTier(deps: Pick<UserDeps, 'prisma'>, actorId: string, userId: string, tier: Tier, ctx: RequestContext): Promise<User> {
  return inTransaction(deps.prisma, async (tx) => {
    const users = userRepository(tx);
    const target = await users.findById(userId);
    if (!target) throw new AppError('NOT_FOUND', `User ${userId} not found`);
    const decision = changeTier(target, tier);
    if (!decision.ok) throw new AppError(decision.error.code, decision.error.message, decision.error.details);
    if (!decision.value.changed) return target;
    const updated = await users.setTier(userId, tier);
    await auditLog(tx).append({ action: 'tier.changed', actorId, targetUserId: userId, requestId: ctx.requestId, details: { from: target.tier, to: tier } });
    return updated;
  });
}
