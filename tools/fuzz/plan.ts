import { parseArgs } from 'node:util';
import { services, type ServiceName } from '@shop/contracts';

/**
 * What a fuzz run does, decided before anything runs: which services, as which callers, how many
 * generated requests each service gets, and the schemathesis command line of each step.
 */

/** The callers a service is fuzzed as. Admin last: its run may demote or erase accounts. */
export const fuzzRoles = ['anonymous', 'customer', 'partner', 'support', 'admin'] as const;
export type FuzzRole = (typeof fuzzRoles)[number];

/** The checks every response must pass; `error_envelope` is ours (tools/fuzz/error_envelope.py). */
export const requiredChecks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'error_envelope',
] as const;

export const usage = `usage: npm run fuzz -- [--service <name>]... [--role <role>]... [--requests N] [--seed N]

  Fuzzes each service's /openapi.json with schemathesis (installed by infra/scripts/install-schemathesis.sh)
  until it has sent at least N generated requests (default 1000), spread over the roles.
  Targets: <SERVICE>_URL (USER_URL, INVENTORY_URL, ORDER_URL, PAYMENT_URL, NOTIFICATION_URL;
  default: the make-up ports). Callers: FUZZ_AUTH_CUSTOMER, FUZZ_AUTH_PARTNER, FUZZ_AUTH_SUPPORT,
  FUZZ_AUTH_ADMIN hold an Authorization header each; a role without one is not run.
  Exit codes: 0 no finding, 1 a finding or too few requests, 64 usage error. See tools/fuzz/README.md.`;

export interface FuzzOptions {
  readonly services: readonly ServiceName[];
  readonly roles: readonly FuzzRole[];
  readonly requests: number;
  readonly seed: number;
}

export class UsageError extends Error {}

const serviceNames = services.map((s) => s.name);

export function parseFuzzOptions(args: readonly string[]): FuzzOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        service: { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        requests: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return null;
  const chosen = values.service ?? serviceNames;
  const unknown = chosen.find((s) => !serviceNames.includes(s as ServiceName));
  if (unknown) throw new UsageError(`unknown service '${unknown}' (one of ${serviceNames.join(', ')})`);
  const roles = values.role ?? fuzzRoles;
  const badRole = roles.find((r) => !fuzzRoles.includes(r as FuzzRole));
  if (badRole) throw new UsageError(`unknown role '${badRole}' (one of ${fuzzRoles.join(', ')})`);
  const requests = Number(values.requests ?? 1000);
  const seed = Number(values.seed ?? 1);
  if (!Number.isSafeInteger(requests) || requests < 1) throw new UsageError('--requests must be a positive integer');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  return {
    services: serviceNames.filter((s) => chosen.includes(s)),
    roles: fuzzRoles.filter((r) => roles.includes(r)),
    requests,
    seed,
  };
}

export interface FuzzStep {
  readonly service: ServiceName;
  readonly role: FuzzRole;
  readonly round: number;
  readonly maxExamples: number;
  readonly seed: number;
  /**
   * The coverage phase (every boundary and type-confusion case, deterministic) runs once per service,
   * as the admin, whom every operation admits; the other steps generate at random.
   */
  readonly phases: readonly string[];
}

/**
 * The first round's examples per operation: the service's budget spread over its operations and
 * roles. Schemathesis sends more than that (coverage cases, stateful sequences); the driver runs
 * further rounds while a service is short of its budget.
 */
export const examplesPerOperation = (requests: number, operations: number, roles: number): number =>
  Math.max(5, Math.ceil(requests / Math.max(1, operations * roles * 3)));

export function stepOf(
  options: FuzzOptions,
  service: ServiceName,
  role: FuzzRole,
  round: number,
  operations: number,
): FuzzStep {
  const maxExamples = examplesPerOperation(options.requests, operations, options.roles.length) * (round + 1);
  const phases = round === 0 && role === 'admin' ? ['coverage', 'fuzzing', 'stateful'] : ['fuzzing', 'stateful'];
  return { service, role, round, maxExamples, seed: options.seed + round * 1000 + fuzzRoles.indexOf(role), phases };
}

/** The schemathesis command line of one step, as the caller (an Authorization header) or anonymously. */
export function schemathesisArgs(
  step: FuzzStep,
  target: { readonly openapiUrl: string; readonly reportPath: string; readonly authorization?: string },
): string[] {
  return [
    'run',
    target.openapiUrl,
    ...(target.authorization ? ['--header', `Authorization: ${target.authorization}`] : []),
    '--checks',
    requiredChecks.join(','),
    '--phases',
    step.phases.join(','),
    '--max-examples',
    String(step.maxExamples),
    '--seed',
    String(step.seed),
    // One worker: the hypothesis release schemathesis pins parses lambdas' sources in threads, and
    // CPython 3.11 sometimes fails that ("AST constructor recursion depth mismatch").
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--generation-database',
    'none',
    '--report',
    'json',
    '--report-json-path',
    target.reportPath,
    '--no-color',
  ];
}
