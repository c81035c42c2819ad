import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateCardTokenKeyPair } from '@shop/contracts';

/**
 * The development key pairs, generated once per checkout, git-ignored: RS256 for access tokens,
 * and X25519 for card tokens (the order service seals with the public key, the payment service
 * opens with the private one; docs/security.md).
 */
const dir = resolve('.dev-keys');
mkdirSync(dir, { recursive: true, mode: 0o700 });

if (!existsSync(resolve(dir, 'jwt-private.pem'))) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(resolve(dir, 'jwt-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(resolve(dir, 'jwt-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  console.log('generated development JWT key pair in .dev-keys/');
} else {
  console.log('development JWT key pair: present');
}

if (!existsSync(resolve(dir, 'card-token-private.pem'))) {
  const { publicKey, privateKey } = generateCardTokenKeyPair();
  writeFileSync(resolve(dir, 'card-token-private.pem'), privateKey, { mode: 0o600 });
  writeFileSync(resolve(dir, 'card-token-public.pem'), publicKey);
  console.log('generated development card-token key pair in .dev-keys/');
} else {
  console.log('development card-token key pair: present');
}
