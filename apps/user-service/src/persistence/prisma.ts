import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** The user service's Prisma client, on the process's shared pool and its own schema. */
export function createUserPrisma(pool: pg.Pool, schema: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
}

export type UserPrisma = PrismaClient;
