import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { transactions } from '@shop/persistence';
import type { TestEnvironment } from '@shop/service-testing';
import { argon2PasswordHasher } from '../adapters/argon2-password-hasher.js';
import { redisAccessTokenRevocations } from '../adapters/redis-access-token-revocations.js';
import { client, PASSWORD, startUserService, type Client } from '../test-support/user-harness.js';
import { changeUserRole } from './change-user-role.js';
import { eraseUser } from './erase-user.js';
import { logoutEverywhere } from './logout-everywhere.js';

/**
 * A change that voids access tokens is not made when the voiding cannot be recorded: a Redis that
 * does not answer (a real client on a port nothing listens on) turns it into SERVICE_UNAVAILABLE
 * (503) and the transaction rolls back — role, account, sessions and audit trail as they were.
 */
describe('when revocations cannot be recorded', () => {
  let env: TestEnvironment;
  let api: Client;
  const unreachable = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  unreachable.on('error', () => undefined);

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(async () => {
    unreachable.disconnect();
    await env?.stop();
  });

  const deps = () => ({
    transactions: transactions(api.users.infra.pool),
    outbox: api.users.infra.outbox,
    passwords: argon2PasswordHasher,
    revocations: redisAccessTokenRevocations(unreachable, ''),
  });
  const ctx = { requestId: 'revocation-outage', ip: '127.0.0.1' };
  const state = async (userId: string) => ({
    account: (await api.users.db.pool.query('SELECT role, status FROM users WHERE user_id = $1', [userId])).rows[0],
    liveSessions: (
      await api.users.db.pool.query(
        'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      )
    ).rows[0].n,
    audit: (
      await api.users.db.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE target_user_id = $1', [userId])
    ).rows[0].n,
  });

  it('changes no role, erases no account and ends no session, answering SERVICE_UNAVAILABLE', async () => {
    const account = await api.signedIn();
    const before = await state(account.user_id);
    expect(before.account).toEqual({ role: 'customer', status: 'active' });
    expect(before.liveSessions).toBe(1);

    const attempts = {
      'role change': () => changeUserRole(deps(), randomUUID(), account.user_id, 'admin', ctx),
      erasure: () => eraseUser(deps(), account.user_id, PASSWORD, ctx),
      'logout-all': () => logoutEverywhere(deps(), account.user_id),
    };
    for (const [kind, attempt] of Object.entries(attempts)) {
      await expect(attempt(), kind).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', statusCode: 503 });
    }
    expect(await state(account.user_id)).toEqual(before);
    expect((await api.get('/api/v1/users/me', account.headers)).statusCode).toBe(200);
  });
});
