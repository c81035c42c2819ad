import { createHash, randomBytes } from 'node:crypto';

/** A refresh token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export const newRefreshSecret = (): string => randomBytes(32).toString('base64url');

export const hashRefreshSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
