/**
 * npm run fuzz — every service's API under schemathesis, as each role, until each service has had
 * its budget of generated requests; any 5xx, schema violation or error outside the envelope fails
 * the run (tools/fuzz/README.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ErrorEnvelope, services, type ServiceName } from '@shop/contracts';
import {
  parseFuzzOptions,
  schemathesisArgs,
  stepOf,
  usage,
  UsageError,
  type FuzzOptions,
  type FuzzRole,
} from './plan.js';
import { summaryLine, type StepReport, readStepReport } from './report.js';

const root = resolve(import.meta.dirname, '../..');
const st = join(process.env.FUZZ_VENV_DIR ?? join(root, '.data/venv'), 'bin/st');
const maxRounds = 6;

const urlOf = (name: ServiceName): string => {
  const port = services.find((s) => s.name === name)?.port;
  const variable = `${name.replace(/-service$/, '').toUpperCase()}_URL`;
  return process.env[variable] ?? `http://127.0.0.1:${port}`;
};
const authorizationOf = (role: FuzzRole): string | undefined =>
  role === 'anonymous' ? undefined : process.env[`FUZZ_AUTH_${role.toUpperCase()}`];

function run(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(st, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? 1, output }));
  });
}

async function operationsOf(url: string): Promise<number> {
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, object> };
  return Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
}

async function fuzzService(options: FuzzOptions, service: ServiceName, workDir: string, env: Record<string, string>) {
  const url = urlOf(service);
  const operations = await operationsOf(url);
  const roles = options.roles.filter((r) => r === 'anonymous' || authorizationOf(r));
  const reports: StepReport[] = [];
  let generated = 0;
  for (let round = 0; round < maxRounds && (round === 0 || generated < options.requests); round++) {
    for (const role of roles) {
      const step = stepOf(options, service, role, round, operations);
      const reportPath = join(workDir, `${service}-${role}-${round}.json`);
      const authorization = authorizationOf(role);
      const args = schemathesisArgs(step, { openapiUrl: `${url}/openapi.json`, reportPath, authorization });
      const { code, output } = await run(args, env);
      const report = readStepReport(step, reportPath, code, output);
      reports.push(report);
      generated += report.generated;
      console.log(`  ${service} as ${role}, round ${round + 1}: ${report.generated} generated, ${report.verdict}`);
      if (report.verdict !== 'passed') console.log(report.output);
    }
  }
  return { service, generated, reports };
}

let options: FuzzOptions | null;
try {
  options = parseFuzzOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${usage}`);
  process.exit(64);
}
if (options === null) {
  console.log(usage);
  process.exit(0);
}

const workDir = mkdtempSync(join(tmpdir(), 'shop-fuzz-'));
const envelopeSchema = join(workDir, 'error-envelope.schema.json');
writeFileSync(envelopeSchema, JSON.stringify(z.toJSONSchema(ErrorEnvelope)));
const env = {
  SCHEMATHESIS_HOOKS: 'error_envelope',
  PYTHONPATH: import.meta.dirname,
  FUZZ_ERROR_ENVELOPE_SCHEMA: envelopeSchema,
};
let failed = false;
const lines: string[] = [];
try {
  readFileSync(st);
  for (const service of options.services) {
    console.log(`fuzzing ${service} (${urlOf(service)}) for ${options.requests} generated requests`);
    const result = await fuzzService(options, service, workDir, env);
    const line = summaryLine(result, options.requests);
    lines.push(line.text);
    failed ||= !line.ok;
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
console.log(['', 'fuzz summary:', ...lines].join('\n'));
process.stdout.write('', () => process.exit(failed ? 1 : 0));
