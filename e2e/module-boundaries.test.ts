import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = imported;\n`, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('lets an app use contracts and infrastructure libs', async () => {
    expect(
      await lint('apps/order-service/src/probe.ts', "import { Topics as imported } from '@shop/contracts';"),
    ).toEqual([]);
    expect(
      await lint('apps/order-service/src/probe.ts', "import { createHttpApp as imported } from '@shop/http';"),
    ).toEqual([]);
  });

  it('forbids an app from importing another app', async () => {
    expect(
      await lint('apps/order-service/src/probe.ts', "import { buildApp as imported } from '@shop/inventory-service';"),
    ).toEqual([
      // Nx names whichever rule it checks first: an app import, or an app outside the allowed tags.
      expect.stringMatching(
        /enforce-module-boundaries: (Imports of apps are forbidden|A project tagged with "type:app" can only depend)/,
      ),
    ]);
    expect(
      await lint(
        'apps/order-service/src/probe.ts',
        "import { buildApp as imported } from '../../payment-service/src/app.js';",
      ),
    ).toEqual([
      expect.stringMatching(/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/),
    ]);
  });

  it('forbids a lib from importing an app', async () => {
    expect(
      await lint('libs/contracts/src/probe.ts', "import { buildApp as imported } from '@shop/user-service';"),
    ).toEqual([expect.stringMatching(/enforce-module-boundaries/)]);
  });

  it('keeps contracts free of infrastructure', async () => {
    expect(
      // @shop/telemetry: an infrastructure lib that itself needs nothing from contracts (no cycle to report first).
      await lint('libs/contracts/src/probe.ts', "import { createLogger as imported } from '@shop/telemetry';"),
    ).toEqual([expect.stringMatching(/type:contracts" can only depend on libs tagged with "type:contracts"/)]);
  });

  it.each(['fastify', '@prisma/client', 'kafkajs', 'pg', 'ioredis'])('keeps %s out of domain code', async (pkg) => {
    expect(await lint('apps/order-service/src/domain/probe.ts', `import imported from '${pkg}';`)).toEqual([
      expect.stringMatching(/no-restricted-imports: .*(Domain code is pure|only module that imports the Kafka client)/),
    ]);
  });

  it.each([
    ['pg', "import imported from 'pg';"],
    ['@prisma/client', "import { PrismaClient as imported } from '@prisma/client';"],
    ['@prisma/adapter-pg', "import { PrismaPg as imported } from '@prisma/adapter-pg';"],
    ['a generated Prisma client', "import { PrismaClient as imported } from '../generated/prisma/client.js';"],
    ['a pg type', "import type { Pool as imported } from 'pg';"],
  ])('keeps %s inside the persistence layer', async (_what, code) => {
    for (const outside of ['apps/order-service/src/application/probe.ts', 'libs/http/src/probe.ts']) {
      expect(await lint(outside, code)).toEqual([
        expect.stringMatching(/no-restricted-imports: .*Only a service's src\/persistence\/ .*talks to the database/),
      ]);
    }
    expect(await lint('apps/order-service/src/persistence/probe.ts', code)).toEqual([]);
    expect(await lint('libs/persistence/src/probe.ts', code)).toEqual([]);
  });

  it('keeps the Kafka client inside @shop/messaging', async () => {
    expect(await lint('libs/http/src/probe.ts', "import { Kafka as imported } from 'kafkajs';")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*only module that imports the Kafka client/),
    ]);
    expect(await lint('libs/messaging/src/probe.ts', "import { Kafka as imported } from 'kafkajs';")).toEqual([]);
  });
});
