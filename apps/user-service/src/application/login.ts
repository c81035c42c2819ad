import { DomainError, type UserHttp } from '@shop/contracts';
import { canSignIn, normaliseEmail } from '../domain/user.js';
import type { RequestContext, UserDeps } from '../deps.js';
import { auditLog } from '../persistence/audit.repository.js';
import { userRepository } from '../persistence/user.repository.js';
import { issueRefreshToken, tokenResponse } from './sessions.js';

/** One answer for every failure, so the response never says which addresses have accounts. */
const INVALID_CREDENTIALS = 'Invalid e-mail address or password';

type LoginDeps = Pick<
  UserDeps,
  'transactions' | 'sql' | 'reads' | 'throttle' | 'passwords' | 'refreshSecrets' | 'issueAccessToken'
>;

/** Password sign-in: throttled, audited (success and failure), and the start of a refresh-token family. */
export async function login(
  deps: LoginDeps,
  body: UserHttp.LoginBody,
  ctx: RequestContext,
): Promise<UserHttp.TokenResponse> {
  const email = normaliseEmail(body.email);
  const verdict = await deps.throttle.attempt(email, ctx.ip);
  if (!verdict.allowed) {
    throw new DomainError('RATE_LIMIT_EXCEEDED', 'Too many sign-in attempts; try again later', {
      reset_at: verdict.resetAt.toISOString(),
    });
  }

  const found = await deps.reads.findCredentials(email);
  const passwordOk = await deps.passwords.verify(found?.passwordHash ?? null, body.password);
  if (!found || !passwordOk || !canSignIn(found.user)) {
    const reason = !found ? 'unknown_account' : !passwordOk ? 'wrong_password' : `account_${found.user.status}`;
    await auditLog(deps.sql).append({
      action: 'login.failed',
      actorId: null,
      targetUserId: found?.user.userId ?? null,
      requestId: ctx.requestId,
      details: { reason, ip: ctx.ip },
    });
    throw new DomainError('UNAUTHORIZED', INVALID_CREDENTIALS);
  }

  await deps.throttle.succeeded(email, ctx.ip);
  const now = new Date();
  const user = found.user;
  const refreshToken = await deps.transactions(async (tx) => {
    await userRepository(tx).recordLogin(user.userId, now);
    await auditLog(tx).append({
      action: 'login.succeeded',
      actorId: user.userId,
      targetUserId: user.userId,
      requestId: ctx.requestId,
      details: { ip: ctx.ip },
    });
    return issueRefreshToken(deps, tx, user.userId, now);
  });
  return tokenResponse(deps, user, refreshToken);
}
