import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEvents } from '@shop/contracts';
import { emittedEvents, type TestEnvironment } from '@shop/service-testing';
import { client, PASSWORD, startUserService, type Client } from '../test-support/user-harness.js';

type EventSchema = { safeParse(data: unknown): { success: boolean } };
const schemaOf = new Map<string, EventSchema>(Object.values(UserEvents).map((d) => [d.type, d.schema]));

describe('DELETE /users/me: re-authentication and the race with PATCH /users/me', () => {
  let env: TestEnvironment;
  let api: Client;

  beforeAll(async () => {
    const started = await startUserService();
    env = started.env;
    api = client(started.users);
  });
  afterAll(() => env?.stop());

  const accountRow = async (userId: string) =>
    (await api.users.db.pool.query('SELECT email, first_name, status FROM users WHERE user_id = $1', [userId])).rows[0];
  const liveSessions = async (userId: string) =>
    (
      await api.users.db.pool.query(
        'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      )
    ).rows[0].n;

  it('refuses erasure without the right password, in the envelope, and erases nothing', async () => {
    const me = await api.signedIn();
    const before = await accountRow(me.user_id);
    const eventsBefore = await emittedEvents(api.users, me.user_id);

    const wrong = await api.del('/api/v1/users/me', me.headers, { password: 'not my password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'UNAUTHORIZED', request_id: expect.any(String) });
    for (const body of [undefined, {}, { password: '' }, { password: PASSWORD, confirm: true }]) {
      const refused = await api.del('/api/v1/users/me', me.headers, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_ERROR');
    }

    expect(await accountRow(me.user_id)).toEqual(before);
    expect(before.status).toBe('active');
    expect(await liveSessions(me.user_id)).toBe(1);
    expect(await emittedEvents(api.users, me.user_id)).toEqual(eventsBefore);
    expect((await api.get('/api/v1/users/me', me.headers)).statusCode).toBe(200);

    expect((await api.del('/api/v1/users/me', me.headers, { password: PASSWORD })).statusCode).toBe(204);
    expect((await accountRow(me.user_id)).status).toBe('deleted');
  });

  it('never answers 500 nor emits an invalid event when an erasure races a profile change', async () => {
    const rounds = 20;
    for (let round = 1; round <= rounds; round++) {
      const me = await api.signedIn();
      const [patched, erased] = await Promise.all([
        api.patch('/api/v1/users/me', { first_name: `Racer ${round}` }, me.headers),
        api.del('/api/v1/users/me', me.headers, { password: PASSWORD }),
      ]);
      expect(erased.statusCode, `round ${round}: ${erased.body}`).toBe(204);
      // Either the change commits before the erasure, or it finds the account gone (as a stale token does).
      expect([200, 401], `round ${round}: ${patched.body}`).toContain(patched.statusCode);
      if (patched.statusCode === 401) expect(patched.json().error.code).toBe('UNAUTHORIZED');

      const row = await accountRow(me.user_id);
      expect(row).toEqual({ email: `deleted-${me.user_id}@invalid`, first_name: null, status: 'deleted' });
      const events = await emittedEvents(api.users, me.user_id);
      for (const event of events) {
        expect(schemaOf.get(event.type)?.safeParse(event.data).success, `round ${round}: ${event.type}`).toBe(true);
      }
      // The erasure is the account's last word: nothing announces a profile after it.
      expect(events.at(-1)?.type).toBe(UserEvents.UserDeleted.type);
      expect(events.filter((e) => e.type === UserEvents.UserUpdated.type)).toHaveLength(
        patched.statusCode === 200 ? 1 : 0,
      );
    }
  });
});
