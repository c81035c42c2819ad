import { execFileSync } from 'node:child_process';
import { services } from '@shop/contracts';

// `prisma generate` never runs the schema engine, but the CLI insists on finding one; any
// executable satisfies it, and nothing is downloaded.
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
  CHECKPOINT_DISABLE: '1',
};

for (const service of services) {
  execFileSync('node_modules/.bin/prisma', ['generate', '--schema', `apps/${service.name}/prisma/schema.prisma`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  console.log(`generated Prisma client for ${service.name}`);
}
