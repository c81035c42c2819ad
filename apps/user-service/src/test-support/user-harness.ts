/** Helpers for the user service's integration tests: the real service on the real servers, no fakes. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnvironment, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import type { UserConfig } from '../config.js';
import { userService } from '../service.js';

export type UserUnderTest = RunningTestService<UserConfig>;

export async function startUserService(
  env: Record<string, string> = {},
): Promise<{ env: TestEnvironment; users: UserUnderTest }> {
  const environment = await createTestEnvironment();
  return { env: environment, users: await environment.start(userService, env) };
}

export const PASSWORD = 'correct horse battery staple';
export const uniqueEmail = (name = 'ada') => `${name}.${randomUUID().slice(0, 8)}@example.com`;

/** An admin as the gateway would see one: a dev-key token, no account behind it. */
export const asAdmin = (sub: string = randomUUID()) => bearer(signAccessToken({ sub, roles: ['admin'] }));

export interface Client {
  readonly users: UserUnderTest;
  post(
    url: string,
    payload: unknown,
    headers?: Record<string, string>,
    remoteAddress?: string,
  ): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, payload: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  del(url: string, headers?: Record<string, string>, payload?: unknown): Promise<LightMyRequestResponse>;
  register(email?: string, extra?: object): Promise<{ email: string; user_id: string }>;
  login(email: string, password?: string, remoteAddress?: string): Promise<LightMyRequestResponse>;
  /** Registers and signs in: the account, its tokens and an Authorization header. */
  signedIn(email?: string): Promise<{
    email: string;
    user_id: string;
    access_token: string;
    refresh_token: string;
    headers: Record<string, string>;
  }>;
}

export function client(users: UserUnderTest): Client {
  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
    remoteAddress?: string,
  ) =>
    users.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const self: Client = {
    users,
    post: (url, payload, headers, remoteAddress) => inject('POST', url, payload, headers, remoteAddress),
    get: (url, headers) => inject('GET', url, undefined, headers),
    patch: (url, payload, headers) => inject('PATCH', url, payload, headers),
    del: (url, headers, payload) => inject('DELETE', url, payload, headers),
    async register(email = uniqueEmail(), extra = {}) {
      const response = await self.post('/api/v1/auth/register', { email, password: PASSWORD, ...extra });
      if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
      return { email, user_id: response.json().user_id };
    },
    login: (email, password = PASSWORD, remoteAddress) =>
      self.post('/api/v1/auth/login', { email, password }, {}, remoteAddress ?? `10.${rnd()}.${rnd()}.${rnd()}`),
    async signedIn(email) {
      const account = await self.register(email);
      const response = await self.login(account.email);
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      const tokens = response.json();
      return { ...account, ...tokens, headers: bearer(tokens.access_token) };
    },
  };
  return self;
}

const rnd = () => Math.floor(Math.random() * 250) + 1;

export const countRows = async (users: UserUnderTest, table: 'users' | 'outbox' | 'audit_log' | 'refresh_tokens') =>
  Number((await users.db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
