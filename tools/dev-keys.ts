import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The development RS256 key pair for access tokens, generated once per checkout, git-ignored. */
const dir = resolve('.dev-keys');
if (!existsSync(resolve(dir, 'jwt-private.pem'))) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(resolve(dir, 'jwt-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(resolve(dir, 'jwt-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  console.log('generated development JWT key pair in .dev-keys/');
} else {
  console.log('development JWT key pair: present');
}
