import { runChecker, type CheckerViolation } from '../invariants/checker-run.js';
import type { Answer, LoadDriver } from './load.js';
import type { ChaosWorld } from './world/world.js';

/** What the suite requires after a fault, with the numbers it found. */
export interface Settled {
  readonly fault: string;
  /** From the repair until every order placed during the fault was terminal and throughput was back. */
  readonly settleMs: number;
  readonly placedDuringFault: number;
  /** Orders placed during the fault and still pending 60 s after it ended. */
  readonly stuck: readonly string[];
  /** Answers ≥ 500 that were not a 503 SERVICE_UNAVAILABLE with Retry-After. */
  readonly serverErrors: readonly Answer[];
  /** Requests no process answered (it was down): counted, allowed — a gateway would say 502/503. */
  readonly unanswered: number;
  readonly outages503: number;
  readonly throughputBefore: number;
  readonly throughputAfter: number;
  readonly throughputBack: boolean;
  readonly checkerCode: number | null;
  readonly violations: readonly CheckerViolation[];
  readonly checkerErrors: readonly string[];
}

export const terminalWithinMs = 60_000;

const isOutage = (a: Answer) =>
  a.status === 503 && a.code === 'SERVICE_UNAVAILABLE' && a.retryAfter !== null && a.retryAfter !== undefined;

async function pendingAmong(world: ChaosWorld, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  try {
    const rows = await world.query<{ order_id: string }>(
      `SELECT order_id FROM orders.orders WHERE order_id = ANY($1::uuid[]) AND status = 'pending'`,
      [orderIds],
    );
    return rows.map((r) => r.order_id);
  } catch {
    return [...orderIds]; // the database is not back yet: nothing is known to be terminal
  }
}

/**
 * Waits for the world to settle after a fault that ran from `startedAt` to `endedAt`: every order
 * accepted in that window terminal (CONFIRMED or CANCELLED) within 60 s, the accepted rate back to
 * 70 % of what it was before; then runs the invariant checker and collects every answer ≥ 500.
 */
export async function settle(
  world: ChaosWorld,
  load: LoadDriver,
  fault: { name: string; startedAt: number; endedAt: number; throughputBefore: number; strictDlq: boolean },
): Promise<Settled> {
  const placed = load.acceptedSince(fault.startedAt).filter((_, i, all) => all.indexOf(all[i]!) === i);
  const deadline = fault.endedAt + terminalWithinMs;
  let stuck = await pendingAmong(world, placed);
  let terminalAt = stuck.length === 0 ? Date.now() : 0;
  let throughputAt = 0;
  const wanted = fault.throughputBefore * 0.7;
  while (Date.now() < deadline && (terminalAt === 0 || throughputAt === 0)) {
    await new Promise((r) => setTimeout(r, 500));
    if (terminalAt === 0) {
      stuck = await pendingAmong(world, stuck);
      if (stuck.length === 0) terminalAt = Date.now();
    }
    if (throughputAt === 0 && Date.now() - fault.endedAt > 5_000 && load.acceptedRate(5_000) >= wanted) {
      throughputAt = Date.now();
    }
  }
  const throughputAfter = load.acceptedRate(5_000);
  const checker = await runChecker(world.checkerArgs({ strictDlq: fault.strictDlq }));
  const during = load.answers.filter((a) => a.at >= fault.startedAt);
  return {
    fault: fault.name,
    settleMs: Math.max(terminalAt || Date.now(), throughputAt || Date.now()) - fault.endedAt,
    placedDuringFault: placed.length,
    stuck,
    serverErrors: during.filter((a) => a.status >= 500 && !isOutage(a)),
    unanswered: during.filter((a) => a.status === 0).length,
    outages503: during.filter(isOutage).length,
    throughputBefore: fault.throughputBefore,
    throughputAfter,
    throughputBack: throughputAt !== 0,
    checkerCode: checker.code,
    violations: checker.sections.flatMap((s) => s.violations),
    checkerErrors: checker.sections
      .flatMap((s) => (s.error ? [`${s.id}: ${s.error}`] : []))
      .concat(
        checker.sections.length === 0
          ? [`no report: ${checker.stdout.slice(0, 500)} ${checker.stderr.slice(0, 1_500)}`]
          : [],
      ),
  };
}

/** One line per fault: the settle time and the numbers behind the verdict. */
export function formatSettled(s: Settled): string {
  return [
    `${s.fault.padEnd(44)} settled in ${(s.settleMs / 1000).toFixed(1).padStart(5)} s`,
    `placed ${s.placedDuringFault}`,
    `stuck ${s.stuck.length}`,
    `5xx ${s.serverErrors.length}`,
    `503 ${s.outages503}`,
    `unanswered ${s.unanswered}`,
    `orders/s ${s.throughputBefore.toFixed(1)} → ${s.throughputAfter.toFixed(1)}`,
    `invariants ${s.checkerCode === 0 ? 'ok' : `exit ${s.checkerCode}, ${s.violations.length} violations`}`,
  ].join(' · ');
}
