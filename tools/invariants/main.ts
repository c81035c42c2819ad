/**
 * npm run check:invariants — the platform's books against each other: orders, stock, payments,
 * the provider's ledger, the outboxes and the dead-letter topics (tools/README.md).
 */
import { parseOptions, usage, UsageError, type CheckerOptions } from './options.js';
import { exitCode, formatText } from './report.js';
import { runChecks } from './run-checks.js';

let options: CheckerOptions | null;
try {
  options = await parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
if (options === null) {
  console.log(usage);
  process.exit(0);
}
const report = await runChecks(options);
const output = options.json ? JSON.stringify(report, null, 2) : formatText(report);
// Exit once the output is flushed: a pipe's writes are asynchronous and a large report would be cut.
process.stdout.write(`${output}\n`, () => process.exit(exitCode(report)));
