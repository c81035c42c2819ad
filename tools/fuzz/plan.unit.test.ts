import { describe, expect, it } from 'vitest';
import { services } from '@shop/contracts';
import { fuzzRoles, parseFuzzOptions, requiredChecks, schemathesisArgs, stepOf, UsageError } from './plan.js';

describe('the fuzz plan', () => {
  it('fuzzes every service as every role, 1 000 generated requests each, unless told otherwise', () => {
    expect(parseFuzzOptions([])).toEqual({
      services: services.map((s) => s.name),
      roles: [...fuzzRoles],
      requests: 1000,
      seed: 1,
    });
    expect(parseFuzzOptions(['--service', 'order-service', '--role', 'partner', '--requests', '10000'])).toMatchObject({
      services: ['order-service'],
      roles: ['partner'],
      requests: 10000,
    });
  });

  it('refuses unknown services, roles and budgets as usage errors', () => {
    for (const args of [['--service', 'cart-service'], ['--role', 'root'], ['--requests', '0'], ['--bogus']])
      expect(() => parseFuzzOptions(args)).toThrow(UsageError);
  });

  it('runs the coverage phase once per service, as the admin, and every required check on every step', () => {
    const options = parseFuzzOptions([])!;
    const phasesOf = (role: (typeof fuzzRoles)[number], round: number) =>
      stepOf(options, 'user-service', role, round, 14).phases;
    expect(phasesOf('admin', 0)).toContain('coverage');
    expect(phasesOf('admin', 1)).not.toContain('coverage');
    expect(phasesOf('customer', 0)).not.toContain('coverage');
    const args = schemathesisArgs(stepOf(options, 'user-service', 'customer', 0, 14), {
      openapiUrl: 'http://127.0.0.1:3001/openapi.json',
      reportPath: '/tmp/r.json',
      authorization: 'Bearer x',
    });
    expect(args[args.indexOf('--checks') + 1]!.split(',')).toEqual([...requiredChecks]);
    expect(args).toContain('Authorization: Bearer x');
  });

  it('asks for more examples in each further round, with another seed', () => {
    const options = parseFuzzOptions(['--requests', '1000'])!;
    const first = stepOf(options, 'order-service', 'partner', 0, 5);
    const second = stepOf(options, 'order-service', 'partner', 1, 5);
    expect(second.maxExamples).toBeGreaterThan(first.maxExamples);
    expect(second.seed).not.toBe(first.seed);
  });
});
