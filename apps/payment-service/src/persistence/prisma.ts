import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** The payment service's Prisma client, on the process's shared pool and its own schema. */
export function createPaymentPrisma(pool: pg.Pool, schema: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
}

export type PaymentPrisma = PrismaClient;
