import type { InvariantFamily } from './context.js';
import { openDatabases } from './databases.js';
import { deadLettersFamily } from './dlq.invariant.js';
import { ledgerFamily } from './ledger.invariant.js';
import type { CheckerOptions } from './options.js';
import { ordersFamily } from './orders.invariant.js';
import { outboxFamily } from './outbox.invariant.js';
import { paymentsFamily } from './payments.invariant.js';
import { sectionOk, type Report, type Section } from './report.js';
import { stockFamily } from './stock.invariant.js';

export const families: readonly InvariantFamily[] = [
  ordersFamily,
  stockFamily,
  paymentsFamily,
  ledgerFamily,
  outboxFamily,
  deadLettersFamily,
];

/** Runs every family; one that cannot read its sources is reported as such and the others still run. */
export async function runChecks(options: CheckerOptions): Promise<Report> {
  const db = openDatabases(options.targets);
  const sections: Section[] = [];
  try {
    for (const family of families) {
      try {
        sections.push({ id: family.id, title: family.title, ...(await family.check({ db, options })) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        sections.push({ id: family.id, title: family.title, numbers: {}, violations: [], notes: [], error: message });
      }
    }
  } finally {
    await db.close();
  }
  return { ok: sections.every(sectionOk), checkedAt: new Date().toISOString(), sections };
}
