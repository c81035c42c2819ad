import { AppError } from '@shop/http';
import type { AuditEntry } from '../domain/audit.js';
import type { PlatformExport } from '../domain/ports.js';
import { anonymise, type User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import { inTransaction } from '../persistence/transaction.js';
import { userRepository } from '../persistence/user.repository.js';
import { currentUser } from './profile.js';
import { announceDeleted } from './user-events.js';

export interface UserExport extends PlatformExport {
  readonly user: User;
  readonly sessions: { familyId: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null }[];
  readonly audit: AuditEntry[];
}

/**
 * GDPR access (seed §7.3.4): everything the platform holds about the caller — this service's
 * records and the other services' shares, asked for with the caller's own token. Only a complete
 * export goes on the record (and then first); an erased account exports nothing.
 */
export async function exportUserData(deps: Pick<UserDeps, 'prisma' | 'platformExports'>, userId: string, accessToken: string, ctx: RequestContext): Promise<UserExport> {
  await currentUser(deps.prisma, userId);
  const elsewhere = await deps.platformExports.of(userId, accessToken, ctx.requestId);
  return inTransaction(deps.prisma, async (tx) => {
    const user = await currentUser(tx, userId);
    await auditLog(tx).append({ action: 'data.exported', actorId: userId, targetUserId: userId, requestId: ctx.requestId, details: {} });
    return { user, sessions: await refreshTokenStore(tx).sessionsOf(userId), audit: await auditLog(tx).about(userId), ...elsewhere };
  });
}

/**
 * GDPR erasure (seed §7.3.4): the account is anonymised, every session revoked, UserDeleted
 * tells the replicas to forget the person, and the audit trail keeps that it happened.
 */
export function eraseUser(deps: Pick<UserDeps, 'prisma' | 'outbox'>, userId: string, ctx: RequestContext): Promise<void> {
  return inTransaction(deps.prisma, async (tx) => {
    const decision = anonymise(await currentUser(tx, userId));
    if (!decision.ok) throw new AppError(decision.error.code, decision.error.message);
    const now = new Date();
    await userRepository(tx).anonymise(userId, decision.value);
    await refreshTokenStore(tx).revokeAllOf(userId, now);
    await auditLog(tx).append({ action: 'user.erased', actorId: userId, targetUserId: userId, requestId: ctx.requestId, details: {} });
    await announceDeleted(tx, deps.outbox, userId);
  });
}
