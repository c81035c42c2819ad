import { createHash, createPublicKey } from 'node:crypto';

/** A jwt credential of the consumer that stands for the user service: tokens name it by their `kid` header. */
export interface JwtCredential {
  readonly key: string;
  readonly algorithm: 'RS256';
  readonly rsa_public_key: string;
}

/**
 * Kong DB-less cannot take `jwt_secrets.rsa_public_key` from a vault (`{vault://env/...}`): the field
 * is not referenceable in Kong 3.9. The committed kong.yaml therefore carries this placeholder, and
 * `npm run kong` renders the real key into the git-ignored kong.local.yaml that docker-compose mounts.
 */
export const placeholderCredential: JwtCredential = {
  key: 'kid-of-the-access-token-key',
  algorithm: 'RS256',
  rsa_public_key: 'rendered by npm run kong into infra/kong/kong.local.yaml',
};

/** RFC 7638 thumbprint of an RSA public key: the `kid` the user service puts in every access token's header. */
export function keyIdOf(publicKeyPem: string): string {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('access tokens are RS256: expected an RSA public key');
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

export function credentialOf(publicKeyPem: string): JwtCredential {
  return { key: keyIdOf(publicKeyPem), algorithm: 'RS256', rsa_public_key: publicKeyPem.trim() };
}
