import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCardTokenPrivateKeys } from '@shop/contracts';
import { ConfigError } from '@shop/runtime';
import type { PaymentConfig } from '../config.js';

/** Development key pair written by `tools/dev-keys.ts` at set-up; production sets CARD_TOKEN_PRIVATE_KEYS(_FILE). */
export const devCardTokenPrivateKeyFile = resolve(import.meta.dirname, '../../../../.dev-keys/card-token-private.pem');

type KeyConfig = Pick<PaymentConfig, 'CARD_TOKEN_PRIVATE_KEYS' | 'CARD_TOKEN_PRIVATE_KEYS_FILE'>;

function privateKeysPem(config: KeyConfig): string {
  if (config.CARD_TOKEN_PRIVATE_KEYS) return config.CARD_TOKEN_PRIVATE_KEYS;
  const file = config.CARD_TOKEN_PRIVATE_KEYS_FILE ?? devCardTokenPrivateKeyFile;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `Invalid configuration: CARD_TOKEN_PRIVATE_KEYS or CARD_TOKEN_PRIVATE_KEYS_FILE: cannot read ${file}`,
    );
  }
}

/**
 * The keys that open the card tokens OrderPlaced carries, by key id: the current one and any the
 * order service may still have sealed with while keys rotate (docs/security.md).
 */
export function loadCardTokenKeys(config: KeyConfig): ReadonlyMap<string, KeyObject> {
  const pem = privateKeysPem(config);
  try {
    return parseCardTokenPrivateKeys(pem);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Invalid configuration: CARD_TOKEN_PRIVATE_KEYS: ${reason}`);
  }
}
