import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSigner } from 'fast-jwt';
import { randomUUID } from 'node:crypto';

type Role = 'customer' | 'admin' | 'support' | 'partner';

const privateKeyFile = () =>
  process.env.JWT_PRIVATE_KEY_FILE ?? resolve(import.meta.dirname, '../../../.dev-keys/jwt-private.pem');
const signers = new Map<number, (claims: object) => string>();

/** An RS256 access token signed with the development key, as the user service would issue it. */
export function signAccessToken(
  claims: { sub?: string; roles: Role[]; email?: string },
  expiresInMs = 3_600_000,
): string {
  let signer = signers.get(expiresInMs);
  if (!signer) {
    signer = createSigner({
      key: readFileSync(privateKeyFile(), 'utf8'),
      algorithm: 'RS256',
      expiresIn: expiresInMs,
    }) as (c: object) => string;
    signers.set(expiresInMs, signer);
  }
  return signer({
    sub: claims.sub ?? randomUUID(),
    roles: claims.roles,
    ...(claims.email ? { email: claims.email } : {}),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
