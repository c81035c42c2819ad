import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createVerifier } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, callerOf, loadPublicKey, registerAuth } from '@shop/http';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { jwkThumbprint } from '../adapters/signing-keys.js';
import { userService } from '../service.js';
import { client, type Client } from '../test-support/user-harness.js';

const rsa = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;

/** Verifies a token as a JWKS client does: the key named by the header's kid, from the set. */
async function verifyAgainstJwks(api: Client, token: string) {
  const response = await api.get('/.well-known/jwks.json');
  const key = response.json().keys.find((k: { kid: string }) => k.kid === kidOf(token));
  if (!key) throw new Error(`kid ${kidOf(token)} is not in the JWKS`);
  const pem = createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  return createVerifier({ key: pem, algorithms: ['RS256'] })(token);
}

describe('signing keys and the JWKS', () => {
  let env: TestEnvironment;
  const oldKey = rsa();
  const newKey = rsa();
  const dir = mkdtempSync(join(tmpdir(), 'user-keys-'));

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('serves the current key by its RFC 7638 thumbprint, cacheable for a few minutes', async () => {
    const api = client(await env.start(userService));
    const response = await api.get('/.well-known/jwks.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const [key, ...rest] = response.json().keys;
    expect(rest).toEqual([]);
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    expect(key.kid).toBe(jwkThumbprint(key));
    const session = await api.signedIn();
    expect(kidOf(session.access_token)).toBe(key.kid);
    expect(await verifyAgainstJwks(api, session.access_token)).toMatchObject({
      sub: session.user_id,
      roles: ['customer'],
    });
  });

  it('keeps tokens signed with the previous key valid after rotation', async () => {
    writeFileSync(join(dir, 'old.pem'), oldKey.privatePem);
    writeFileSync(join(dir, 'previous.pem'), `${oldKey.publicPem}\n${rsa().publicPem}`);
    const before = client(await env.start(userService, { JWT_PRIVATE_KEY_FILE: join(dir, 'old.pem') }));
    const oldToken = (await before.signedIn()).access_token;

    const after = client(
      await env.start(userService, {
        JWT_PRIVATE_KEY: newKey.privatePem,
        JWT_PREVIOUS_PUBLIC_KEYS_FILE: join(dir, 'previous.pem'),
      }),
    );
    const keys = (await after.get('/.well-known/jwks.json')).json().keys;
    expect(keys).toHaveLength(3);
    const newToken = (await after.signedIn()).access_token;
    expect(keys[0].kid).toBe(kidOf(newToken));
    expect(keys.map((k: { kid: string }) => k.kid)).toContain(kidOf(oldToken));
    expect(await verifyAgainstJwks(after, oldToken)).toMatchObject({ roles: ['customer'] });
    expect(await verifyAgainstJwks(after, newToken)).toMatchObject({ roles: ['customer'] });
  });

  it('issues tokens that pass authenticate of @shop/http as every other service runs it (dev key)', async () => {
    const api = client(await env.start(userService));
    const session = await api.signedIn();
    const other = Fastify();
    await registerAuth(other, { publicKey: loadPublicKey({}) });
    other.get('/whoami', { onRequest: authenticate }, async (request) => callerOf(request));
    const response = await other.inject({ method: 'GET', url: '/whoami', headers: session.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: session.user_id, email: session.email, roles: ['customer'] });
    await other.close();
  });
});
