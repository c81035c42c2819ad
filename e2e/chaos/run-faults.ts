import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Fault } from './faults.js';
import { startLoad, type LoadDriver } from './load.js';
import { formatSettled, settle, type Settled } from './settle.js';
import { populate } from './world/population.js';
import { startChaosWorld, type ChaosWorld } from './world/world.js';

/** The suite's knobs (README.md): the load's rate and which faults run. */
export const chaosSettings = {
  ratePerSecond: Number(process.env.CHAOS_RATE ?? 20),
  only: (process.env.CHAOS_FAULTS ?? '')
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean),
};

const selected = (fault: Fault) =>
  chaosSettings.only.length === 0 || chaosSettings.only.some((f) => fault.name.toLowerCase().includes(f));

/** Violations counted by rule, with one example each. */
const summary = (violations: Settled['violations']) =>
  Object.fromEntries(
    [...new Set(violations.map((v) => v.rule))].map((rule) => {
      const of = violations.filter((v) => v.rule === rule);
      return [rule, `${of.length} × e.g. ${of[0]!.subject}: ${of[0]!.detail}`];
    }),
  );

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers one test per fault on a world of its own, under a steady load: each fault applied and
 * repaired, then the settle checks. The settle times are printed at the end.
 */
export function runFaults(world: { kafkaNodes: 1 | 3 }, faults: readonly Fault[]): void {
  const chosen = faults.filter(selected);
  let chaos: ChaosWorld | undefined;
  let load: LoadDriver | undefined;
  const results: Settled[] = [];
  let strictDlq = true;

  beforeAll(async () => {
    if (chosen.length === 0) return;
    chaos = await startChaosWorld({ kafkaNodes: world.kafkaNodes });
    const population = await populate(chaos, { customers: 8, products: 5, stockEach: 1_000_000 });
    load = startLoad(chaos, population, {
      ratePerSecond: chaosSettings.ratePerSecond,
      declineShare: 0.1,
      cancelShare: 0.05,
    });
    await pause(8_000);
  }, 600_000);

  afterAll(async () => {
    await load?.stop();
    await chaos?.close();
    if (results.length > 0) console.log(`time to settle per fault:\n${results.map(formatSettled).join('\n')}`);
  }, 120_000);

  for (const fault of faults) {
    it.skipIf(!chosen.includes(fault))(`settles after: ${fault.name}`, async () => {
      const throughputBefore = load!.acceptedRate(5_000);
      const startedAt = Date.now();
      await fault.apply(chaos!);
      const endedAt = Date.now();
      strictDlq &&= !fault.leavesDeadLetters;
      const settled = await settle(chaos!, load!, {
        name: fault.name,
        startedAt,
        endedAt,
        throughputBefore,
        strictDlq,
      });
      results.push(settled);
      console.log(formatSettled(settled));
      const exits = [...chaos!.services.values()].flatMap((s) =>
        s.unplannedExits.filter((e) => e.at >= startedAt).map((e) => `${s.name} exited ${e.code ?? e.signal}`),
      );
      if (exits.length > 0) console.log(`  processes that exited on their own (restarted): ${exits.join(', ')}`);
      const logs = (name: string) =>
        chaos!.services
          .get(name as never)
          ?.output()
          .slice(-3_000);
      expect(settled.serverErrors.slice(0, 5), `answers ≥ 500 not 503 with Retry-After`).toEqual([]);
      expect(settled.stuck.length, `still pending 60 s after the fault, e.g. ${settled.stuck.slice(0, 3)}`).toBe(0);
      expect(settled.throughputBack, `throughput ${settled.throughputAfter}/s of ${throughputBefore}/s`).toBe(true);
      expect(settled.checkerErrors, 'the invariant checker could read every source').toEqual([]);
      expect(summary(settled.violations), `invariants; order service log:\n${logs('order-service')}`).toEqual({});
      expect(settled.checkerCode).toBe(0);
      expect(await fault.verify?.(chaos!, load!.answers), `after ${fault.name}`).toEqual(fault.verify ? [] : undefined);
    });
  }
}
