import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import { asAdmin, client, startUserService, type Client } from '../test-support/user-harness.js';

/** Rate-limit tiers: an admin makes an account premium; its next tokens carry `tier` and earn the premium limits. */
describe('the tier claim', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService({ RATE_LIMIT_ENABLED: 'true' });
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env.stop());

  const claimsOf = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());

  it('starts standard; an admin makes it premium, audited; the next token carries the premium limit', async () => {
    const me = await api.signedIn();
    expect(claimsOf(me.access_token)).toMatchObject({ sub: me.user_id, tier: 'standard' });
    const standard = await api.get('/api/v1/users/me', me.headers);
    expect(standard.json().tier).toBe('standard');
    expect(standard.headers['x-ratelimit-limit']).toBe('50');

    const adminId = randomUUID();
    const changed = await api.patch(`/api/v1/users/${me.user_id}/tier`, { tier: 'premium' }, asAdmin(adminId));
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ user_id: me.user_id, tier: 'premium', role: 'customer' });
    const audit = await api.users.db.pool.query(
      `SELECT actor_id, details FROM audit_log WHERE action = 'tier.changed' AND target_user_id = $1`,
      [me.user_id],
    );
    expect(audit.rows).toEqual([{ actor_id: adminId, details: { from: 'standard', to: 'premium' } }]);
    // The same tier again changes (and records) nothing.
    expect(
      (await api.patch(`/api/v1/users/${me.user_id}/tier`, { tier: 'premium' }, asAdmin(adminId))).statusCode,
    ).toBe(200);
    expect(
      (
        await api.users.db.pool.query(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = 'tier.changed' AND target_user_id = $1`,
          [me.user_id],
        )
      ).rows[0].n,
    ).toBe(1);

    const again = await api.login(me.email);
    const premiumToken: string = again.json().access_token;
    expect(claimsOf(premiumToken)).toMatchObject({ sub: me.user_id, tier: 'premium' });
    const premium = await api.get('/api/v1/users/me', bearer(premiumToken));
    expect(premium.statusCode).toBe(200);
    expect(premium.headers['x-ratelimit-limit']).toBe('200');
  });

  it('lets only admins change a tier, to a known tier, of an existing account', async () => {
    const me = await api.signedIn();
    const support = bearer(signAccessToken({ roles: ['support'] }));
    expect((await api.patch(`/api/v1/users/${me.user_id}/tier`, { tier: 'premium' }, me.headers)).statusCode).toBe(403);
    expect((await api.patch(`/api/v1/users/${me.user_id}/tier`, { tier: 'premium' }, support)).statusCode).toBe(403);
    expect((await api.patch(`/api/v1/users/${me.user_id}/tier`, { tier: 'gold' }, asAdmin())).statusCode).toBe(400);
    expect((await api.patch(`/api/v1/users/${randomUUID()}/tier`, { tier: 'premium' }, asAdmin())).statusCode).toBe(
      404,
    );
    expect((await api.get('/api/v1/users/me', me.headers)).json().tier).toBe('standard');
  });
});
