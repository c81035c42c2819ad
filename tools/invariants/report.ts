/** One finding that breaks an invariant: what it is about, and the numbers that show it. */
export interface Violation {
  readonly rule: string;
  readonly subject: string;
  readonly detail: string;
}

/**
 * One invariant family's answer. `numbers` is what was counted (always printed); `violations` is
 * what breaks the rule; `notes` are facts worth seeing that break nothing (a non-empty DLQ without
 * --strict-dlq). `error` means the family could not be checked at all (a source did not answer).
 */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly numbers: Record<string, number | Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly notes: readonly string[];
  readonly error?: string;
}

export interface Report {
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly sections: readonly Section[];
}

export const sectionOk = (s: Section): boolean => s.error === undefined && s.violations.length === 0;

/** 0: every invariant holds; 1: at least one is broken; 2: something could not be checked (and none broke). */
export function exitCode(report: Report): number {
  if (report.sections.some((s) => s.violations.length > 0)) return 1;
  return report.sections.some((s) => s.error !== undefined) ? 2 : 0;
}

/** How many violations a text report lists per section before it says how many more there are. */
const shownPerSection = 20;

function formatNumbers(numbers: Section['numbers']): string[] {
  return Object.entries(numbers).map(([name, value]) => {
    if (typeof value === 'number') return `    ${name}: ${value}`;
    const parts = Object.entries(value).map(([k, n]) => `${k}=${n}`);
    return `    ${name}: ${parts.length > 0 ? parts.join(' ') : '(none)'}`;
  });
}

export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const section of report.sections) {
    lines.push(`${sectionOk(section) ? '✓' : '✗'} ${section.title}`);
    if (section.error !== undefined) lines.push(`    could not check: ${section.error}`);
    lines.push(...formatNumbers(section.numbers));
    for (const note of section.notes) lines.push(`    note: ${note}`);
    for (const v of section.violations.slice(0, shownPerSection)) {
      lines.push(`    ✗ ${v.rule}: ${v.subject} — ${v.detail}`);
    }
    const hidden = section.violations.length - shownPerSection;
    if (hidden > 0) lines.push(`    … and ${hidden} more (--json lists them all)`);
  }
  const broken = report.sections.filter((s) => !sectionOk(s)).length;
  lines.push(
    broken === 0 ? `all ${report.sections.length} invariants hold` : `${broken} of ${report.sections.length} failed`,
  );
  return lines.join('\n');
}
