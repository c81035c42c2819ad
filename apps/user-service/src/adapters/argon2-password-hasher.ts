import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../domain/credentials.port.js';

/** `Algorithm.Argon2id`: the enum is a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

/** argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane). */
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const hashPassword = (password: string): Promise<string> => hash(password, options);

/** A real hash of nothing anyone knows: checking an unknown address costs what checking a known one does. */
let decoy: Promise<string> | undefined;

/**
 * True only for the right password. With no stored hash (unknown address, erased account) it
 * still runs one verification, so response time does not tell which addresses have accounts.
 */
async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null || !storedHash.startsWith('$argon2')) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export const argon2PasswordHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
