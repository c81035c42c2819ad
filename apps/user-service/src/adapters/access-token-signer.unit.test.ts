import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier } from 'fast-jwt';
import { accessTokenParties } from '@shop/http';
import { ACCESS_TOKEN_TTL_SECONDS } from '../domain/access-token.js';
import { accessTokenIssuer } from './access-token-signer.js';
import { loadSigningKeys } from './signing-keys.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = loadSigningKeys({ JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
const user = { userId: randomUUID(), email: 'ada@example.com', role: 'customer' as const, tier: 'standard' as const };
const decode = (token: string) =>
  createVerifier({ key: keys.publicKeyPem, algorithms: ['RS256'], complete: true })(token) as {
    header: { kid: string };
    payload: Record<string, unknown> & { iat: number; exp: number };
  };

/** What every service's verifier requires of a token, the user service signs into each one. */
describe('access token signer', () => {
  it('signs the expected issuer and audience, and an exp one TTL after iat', () => {
    const { header, payload } = decode(accessTokenIssuer(keys)(user));
    expect(header.kid).toBe(keys.kid);
    expect(payload).toMatchObject({
      sub: user.userId,
      iss: accessTokenParties().issuer,
      aud: accessTokenParties().audience,
    });
    expect(payload.exp - payload.iat).toBe(ACCESS_TOKEN_TTL_SECONDS);
  });

  it('signs the millisecond of issue within the second of its iat, which revocation compares', () => {
    const before = Date.now();
    const { payload } = decode(accessTokenIssuer(keys)(user));
    const issuedAtMs = payload.iat_ms as number;
    expect(issuedAtMs).toBeGreaterThanOrEqual(before);
    expect(issuedAtMs).toBeLessThanOrEqual(Date.now());
    expect(Math.floor(issuedAtMs / 1000)).toBe(payload.iat);
  });

  it('signs the configured issuer and audience', () => {
    const parties = { issuer: 'https://id.example', audience: 'partner-api' };
    expect(decode(accessTokenIssuer(keys, parties)(user)).payload).toMatchObject({
      iss: parties.issuer,
      aud: parties.audience,
    });
  });
});
