import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { createServiceTestSchema, type TestSchema } from '@shop/testing';
import { createUserPrisma, type UserPrisma } from './prisma.js';

describe('user Prisma client against the migrated schema', () => {
  let db: TestSchema;
  let prisma: UserPrisma;

  beforeAll(async () => {
    db = await createServiceTestSchema('user-service', messagingMigrationsDir);
    prisma = createUserPrisma(db.pool, db.schema);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('writes and reads every model', async () => {
    const familyId = randomUUID();
    const user = await prisma.user.create({
      data: {
        email: 'ada@example.com',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
        firstName: 'Ada',
        refreshTokens: { create: [{ familyId, tokenHash: 'f'.repeat(64), expiresAt: new Date(Date.now() + 1000) }] },
      },
    });
    const read = await prisma.user.findUniqueOrThrow({
      where: { email: 'ada@example.com' },
      include: { refreshTokens: true },
    });
    expect(read).toMatchObject({
      userId: user.userId,
      role: 'customer',
      tier: 'standard',
      status: 'active',
      emailVerified: false,
    });
    expect(read.refreshTokens).toEqual([expect.objectContaining({ familyId, usedAt: null, revokedAt: null })]);
  });

  it('rejects what the schema forbids: duplicate or mixed-case e-mail, unknown role', async () => {
    await expect(prisma.user.create({ data: { email: 'ada@example.com', passwordHash: 'x' } })).rejects.toThrow();
    await expect(prisma.user.create({ data: { email: 'Bob@Example.com', passwordHash: 'x' } })).rejects.toThrow();
    await expect(
      prisma.user.create({ data: { email: 'eve@example.com', passwordHash: 'x', role: 'root' } }),
    ).rejects.toThrow();
  });

  it('appends and reads audit entries, and refuses to change or remove them', async () => {
    const targetUserId = randomUUID();
    const entry = await prisma.auditLog.create({
      data: { action: 'login.failed', targetUserId, requestId: 'req_1', details: { reason: 'wrong_password' } },
    });
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { auditId: entry.auditId } })).toMatchObject({
      action: 'login.failed',
      actorId: null,
      targetUserId,
      details: { reason: 'wrong_password' },
    });
    await expect(prisma.auditLog.create({ data: { action: 'coffee.made' } })).rejects.toThrow();
    await expect(
      prisma.auditLog.update({ where: { auditId: entry.auditId }, data: { action: 'login.succeeded' } }),
    ).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await prisma.auditLog.count()).toBe(1);
  });

  it('keeps what other services report: where, on what, and only a whole target', async () => {
    const targetId = randomUUID();
    const entry = await prisma.auditLog.create({
      data: {
        action: 'order.cancelled',
        service: 'order-service',
        targetType: 'order',
        targetId,
        details: { reason: 'support_request' },
      },
    });
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { auditId: entry.auditId } })).toMatchObject({
      service: 'order-service',
      targetType: 'order',
      targetId,
      targetUserId: null,
    });
    expect((await prisma.auditLog.create({ data: { action: 'login.succeeded' } })).service).toBe('user-service');
    await expect(
      prisma.auditLog.create({ data: { action: 'order.cancelled', service: 'order-service', targetType: 'order' } }),
    ).rejects.toThrow();
    await expect(
      prisma.auditLog.update({ where: { auditId: entry.auditId }, data: { targetId: randomUUID() } }),
    ).rejects.toThrow(/append-only/);
  });
});
