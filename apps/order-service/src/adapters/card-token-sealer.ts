import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCardTokenPublicKey, sealCardToken } from '@shop/contracts';
import { ConfigError } from '@shop/runtime';
import type { OrderConfig } from '../config.js';
import type { CardTokenSealer } from '../domain/card-token-sealer.port.js';

/** Development key pair written by `tools/dev-keys.ts` at set-up; production sets CARD_TOKEN_PUBLIC_KEY(_FILE). */
export const devCardTokenPublicKeyFile = resolve(import.meta.dirname, '../../../../.dev-keys/card-token-public.pem');

type KeyConfig = Pick<OrderConfig, 'CARD_TOKEN_PUBLIC_KEY' | 'CARD_TOKEN_PUBLIC_KEY_FILE'>;

function publicKeyPem(config: KeyConfig): string {
  if (config.CARD_TOKEN_PUBLIC_KEY) return config.CARD_TOKEN_PUBLIC_KEY;
  const file = config.CARD_TOKEN_PUBLIC_KEY_FILE ?? devCardTokenPublicKeyFile;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `Invalid configuration: CARD_TOKEN_PUBLIC_KEY or CARD_TOKEN_PUBLIC_KEY_FILE: cannot read ${file}`,
    );
  }
}

/** The order service's half of the card-token envelope: it can seal, never open (it holds no private key). */
export function cardTokenSealer(config: KeyConfig): CardTokenSealer {
  let publicKey;
  try {
    publicKey = parseCardTokenPublicKey(publicKeyPem(config));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Invalid configuration: CARD_TOKEN_PUBLIC_KEY: ${reason}`);
  }
  return { seal: (token, orderId) => sealCardToken(token, publicKey, orderId) };
}
