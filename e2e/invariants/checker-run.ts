import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface CheckerViolation {
  readonly rule: string;
  readonly subject: string;
  readonly detail: string;
}

export interface CheckerSection {
  readonly id: string;
  readonly numbers: Record<string, number | Record<string, number>>;
  readonly violations: readonly CheckerViolation[];
  readonly notes: readonly string[];
  readonly error?: string;
}

export interface CheckerRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The --json report (undefined for a text run). */
  readonly sections: readonly CheckerSection[];
  section(id: string): CheckerSection;
}

/** `npm run check:invariants` as the chaos suite runs it: its own process, the exit code and its output. */
export function runChecker(args: readonly string[], env: Record<string, string> = {}): Promise<CheckerRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/invariants/main.ts', ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        let sections: CheckerSection[] = [];
        try {
          if (args.includes('--json')) sections = JSON.parse(stdout).sections;
        } catch {
          // not a report: section() below says so with the output
        }
        const section = (id: string) => {
          const found = sections.find((s) => s.id === id);
          if (!found) throw new Error(`no section ${id} in: ${stdout}\n${stderr}`);
          return found;
        };
        done({ code, stdout, stderr, sections, section });
      },
    );
  });
}
