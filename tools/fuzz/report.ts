import { existsSync, readFileSync } from 'node:fs';
import type { ServiceName } from '@shop/contracts';
import type { FuzzStep } from './plan.js';

/** What one schemathesis step reported: its count of generated requests, and whether it found anything. */
export interface StepReport {
  readonly step: FuzzStep;
  readonly generated: number;
  readonly verdict: 'passed' | 'findings' | 'errored';
  /** Schemathesis's own text: the findings, each with a curl line that reproduces it. */
  readonly output: string;
}

interface JsonReport {
  readonly exit_code: number;
  readonly test_cases: { readonly generated: number; readonly with_failures: number; readonly errored: number };
  readonly failures: readonly unknown[];
  readonly errors: readonly unknown[];
}

export function readStepReport(step: FuzzStep, reportPath: string, exitCode: number, output: string): StepReport {
  if (!existsSync(reportPath)) return { step, generated: 0, verdict: 'errored', output };
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport;
  const findings = report.failures.length > 0 || report.test_cases.with_failures > 0;
  const errored = report.errors.length > 0 || report.test_cases.errored > 0 || (exitCode !== 0 && !findings);
  const verdict = findings ? 'findings' : errored ? 'errored' : 'passed';
  return { step, generated: report.test_cases.generated, verdict, output };
}

/** One line per service for the run's end: its generated requests, and what failed. */
export function summaryLine(
  result: { readonly service: ServiceName; readonly generated: number; readonly reports: readonly StepReport[] },
  required: number,
): { readonly ok: boolean; readonly text: string } {
  const failedSteps = result.reports.filter((r) => r.verdict !== 'passed');
  const short = result.generated < required;
  const problems = [
    ...failedSteps.map((r) => `${r.verdict} as ${r.step.role} (round ${r.step.round + 1})`),
    ...(short ? [`fewer than the ${required} required`] : []),
  ];
  const verdict = problems.length === 0 ? 'no finding' : problems.join('; ');
  return { ok: problems.length === 0, text: `  ${result.service}: ${result.generated} generated requests, ${verdict}` };
}
