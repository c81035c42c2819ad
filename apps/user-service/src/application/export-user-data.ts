import type { AuditEntry } from '../domain/audit.js';
import type { PlatformExport } from '../domain/platform-export.port.js';
import type { SessionSummary } from '../domain/refresh-token.port.js';
import type { User } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { refreshTokenStore } from '../persistence/refresh-token.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { currentUser, liveAccount } from './current-user.js';

export interface UserExport extends PlatformExport {
  readonly user: User;
  readonly sessions: SessionSummary[];
  readonly audit: AuditEntry[];
}

/**
 * GDPR access: everything the platform holds about the caller — this service's records and the
 * other services' shares, asked for with the caller's own token. Only a complete export goes on
 * the record (and then first); an erased account exports nothing.
 */
export async function exportUserData(
  deps: Pick<UserDeps, 'reads' | 'transactions' | 'platformExports'>,
  userId: string,
  accessToken: string,
  ctx: RequestContext,
): Promise<UserExport> {
  await currentUser(deps, userId);
  const elsewhere = await deps.platformExports.of(userId, accessToken, ctx.requestId);
  return deps.transactions(async (tx) => {
    const user = liveAccount(await userRepository(tx).findById(userId));
    const audit = auditLog(tx);
    await audit.append({
      action: 'data.exported',
      actorId: userId,
      targetUserId: userId,
      requestId: ctx.requestId,
      details: {},
    });
    return {
      user,
      sessions: await refreshTokenStore(tx).sessionsOf(userId),
      audit: await audit.about(userId),
      ...elsewhere,
    };
  });
}
