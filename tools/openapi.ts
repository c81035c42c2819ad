/**
 * npm run openapi — writes each service's OpenAPI document, generated from its zod route schemas,
 * to docs/openapi/<service>.json. `--check` fails when a committed document is out of date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { services } from '@shop/contracts';

const check = process.argv.includes('--check');
const outDir = resolve('docs/openapi');
mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const { name } of services) {
  const entry = resolve('apps', name, 'src/openapi.ts');
  if (!existsSync(entry)) continue;
  const document = execFileSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: resolve('apps', name),
    encoding: 'utf8',
    env: { ...process.env, OTEL_SDK_DISABLED: 'true' },
  });
  const file = resolve(outDir, `${name}.json`);
  if (check) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== document) {
      console.error(`${name}: docs/openapi/${name}.json is out of date — run npm run openapi`);
      stale++;
    }
  } else {
    writeFileSync(file, document);
    console.log(`wrote docs/openapi/${name}.json`);
  }
}
process.exit(stale ? 1 : 0);
