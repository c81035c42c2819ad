import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint, loadSigningKeys, splitPem } from './signing-keys.js';

describe('signing keys', () => {
  it('computes the RFC 7638 thumbprint (the RFC’s own example key)', () => {
    const n = [
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjB',
      'ZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8',
      'KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_',
      'xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    ].join('');
    expect(jwkThumbprint({ e: 'AQAB', n })).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('splits a file of several PEM keys', () => {
    const pem = () =>
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(splitPem(`${pem()}\n\n${pem()}`)).toHaveLength(2);
    expect(splitPem('')).toEqual([]);
  });

  it('serves the current key first and drops a previous key equal to it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys = loadSigningKeys({ JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    expect(keys.jwks.keys).toHaveLength(1);
    expect(keys.jwks.keys[0]!.kid).toBe(keys.kid);
    expect(keys.publicKeyPem).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  });

  it('refuses a key that cannot sign RS256', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() =>
      loadSigningKeys({ JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    ).toThrow(/RSA/);
  });
});
