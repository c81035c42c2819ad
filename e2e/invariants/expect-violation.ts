import { expect } from 'vitest';
import type { CheckerRun } from './checker-run.js';

/** The run failed with exit 1 because of `rule` on `subject` in section `sectionId`, and only that section. */
export function expectViolation(run: CheckerRun, sectionId: string, rule: string, subject: string): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.code, output).toBe(1);
  const failing = run.sections.filter((s) => s.violations.length > 0 || s.error !== undefined).map((s) => s.id);
  expect(failing, output).toEqual([sectionId]);
  expect(run.section(sectionId).violations, output).toContainEqual(
    expect.objectContaining({ rule, subject: expect.stringContaining(subject) }),
  );
}

/** Exit 0 and no section with a violation or a source it could not read. */
export function expectClean(run: CheckerRun): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.code, output).toBe(0);
  expect(run.sections.length, output).toBeGreaterThan(0);
  for (const s of run.sections) {
    expect({ id: s.id, violations: s.violations, error: s.error }, output).toEqual({ id: s.id, violations: [] });
  }
}
