import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run dlq -- <args>` from the repository root, as an operator would. */
export function runDlq(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', 'dlq', '--', ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}
