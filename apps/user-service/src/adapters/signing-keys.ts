import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Development key pair written by `tools/dev-keys.ts` at set-up; production sets JWT_PRIVATE_KEY(_FILE). */
export const devPrivateKeyFile = resolve(import.meta.dirname, '../../../../.dev-keys/jwt-private.pem');

export interface PublicJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly n: string;
  readonly e: string;
}

export interface SigningKeys {
  /** PEM of the key that signs new access tokens. */
  readonly privateKeyPem: string;
  /** PEM of its public half: what this service itself verifies with. */
  readonly publicKeyPem: string;
  readonly kid: string;
  /** The current key first, then the previous ones still accepted until their tokens expire. */
  readonly jwks: { readonly keys: readonly PublicJwk[] };
}

/** RFC 7638 JWK thumbprint: SHA-256 of the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: { e: string; n: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

export function toPublicJwk(key: KeyObject): PublicJwk {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e)
    throw new Error('Access tokens are RS256: the signing key must be an RSA key');
  return { kty: 'RSA', kid: jwkThumbprint({ e: jwk.e, n: jwk.n }), use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e };
}

/** Every PEM block in a file: rotation appends the retired public key to JWT_PREVIOUS_PUBLIC_KEYS_FILE. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

export interface KeyConfig {
  readonly JWT_PRIVATE_KEY?: string | undefined;
  readonly JWT_PRIVATE_KEY_FILE?: string | undefined;
  readonly JWT_PREVIOUS_PUBLIC_KEYS_FILE?: string | undefined;
}

export function loadSigningKeys(config: KeyConfig): SigningKeys {
  const privateKeyPem =
    config.JWT_PRIVATE_KEY ?? readFileSync(config.JWT_PRIVATE_KEY_FILE ?? devPrivateKeyFile, 'utf8');
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const current = toPublicJwk(publicKey);
  const previous = config.JWT_PREVIOUS_PUBLIC_KEYS_FILE
    ? splitPem(readFileSync(config.JWT_PREVIOUS_PUBLIC_KEYS_FILE, 'utf8')).map((pem) =>
        toPublicJwk(createPublicKey(pem)),
      )
    : [];
  const keys = [
    current,
    ...previous.filter((k, i) => k.kid !== current.kid && previous.findIndex((p) => p.kid === k.kid) === i),
  ];
  return {
    privateKeyPem,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    kid: current.kid,
    jwks: { keys },
  };
}
