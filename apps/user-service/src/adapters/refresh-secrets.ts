import { createHash, randomBytes } from 'node:crypto';
import type { RefreshSecrets } from '../domain/credentials.port.js';

/** A refresh token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export const randomRefreshSecrets: RefreshSecrets = {
  create: () => randomBytes(32).toString('base64url'),
  digest: (secret) => createHash('sha256').update(secret).digest('hex'),
};
