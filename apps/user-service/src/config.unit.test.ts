import { describe, expect, it } from 'vitest';
import { serviceInfo } from '@shop/contracts';
import { parseServiceConfig } from '@shop/runtime';
import { userConfigSchema } from './config.js';

const userService = serviceInfo('user-service');
const start = (env: Record<string, string>) => () => parseServiceConfig(userConfigSchema, userService, env);
// What a cluster sets for the user service, short of its signing key.
const production = {
  PORT: '3001',
  METRICS_PORT: '9464',
  DATABASE_SCHEMA: 'users',
  DATABASE_URL: 'postgresql://user_svc:s3cret@db.internal:5432/shop',
  JWKS_URL: 'http://user-service:3001/.well-known/jwks.json',
};

describe('user config: the signing key', () => {
  it('refuses to start in production without JWT_PRIVATE_KEY (no fallback to .dev-keys/)', () => {
    expect(start(production)).toThrow(/JWT_PRIVATE_KEY: required in the production profile/);
    expect(start({ ...production, APP_PROFILE: 'production' })).toThrow(/JWT_PRIVATE_KEY/);
  });

  it('takes the key or a file holding it in production', () => {
    expect(start({ ...production, JWT_PRIVATE_KEY_FILE: '/keys/jwt-private.pem' })().JWT_PRIVATE_KEY_FILE).toBe(
      '/keys/jwt-private.pem',
    );
    expect(start({ ...production, JWT_PRIVATE_KEY: 'pem' })().JWT_PRIVATE_KEY).toBe('pem');
  });

  it('leaves it to the development key under the development and test profiles', () => {
    for (const profile of ['development', 'test']) {
      expect(start({ APP_PROFILE: profile })().JWT_PRIVATE_KEY_FILE).toBeUndefined();
    }
  });
});
