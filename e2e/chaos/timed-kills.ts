import { Topics } from '@shop/contracts';
import { readTail } from './events.js';
import type { Fault } from './faults.js';
import type { ChaosWorld } from './world/world.js';

/**
 * Kills at a precise point of a service's work, timed from outside (no hook in the services):
 * the process is frozen (SIGSTOP) at a random moment, the database and the broker are asked
 * whether it stands at the point wanted, and it is killed there (SIGKILL) or let go (SIGCONT)
 * and frozen again a moment later.
 */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The order service's sessions: `idle in transaction` is the relay between its marks and its COMMIT. */
async function orderSessions(world: ChaosWorld): Promise<{ state: string; query: string }[]> {
  return world.query(
    `SELECT state, query FROM pg_stat_activity WHERE application_name = 'chaos-order-service' AND state IS NOT NULL`,
  );
}

async function unpublishedEventIds(world: ChaosWorld): Promise<string[]> {
  const rows = await world.query<{ event_id: string }>(
    'SELECT event_id FROM orders.outbox WHERE published_at IS NULL ORDER BY id',
  );
  return rows.map((r) => r.event_id);
}

async function freezeUntil(
  world: ChaosWorld,
  name: 'order-service' | 'payment-service',
  atThePoint: () => Promise<boolean>,
): Promise<void> {
  const victim = world.service(name);
  const deadline = Date.now() + 120_000;
  for (let freezes = 1; ; freezes++) {
    await victim.signal('SIGSTOP');
    if (await atThePoint().catch(() => false)) {
      await victim.signal('SIGKILL');
      console.log(`  ${name} caught at the point and killed on freeze ${freezes}`);
      return;
    }
    await victim.signal('SIGCONT');
    if (Date.now() > deadline) throw new Error(`${name} was never caught at the point wanted`);
    await pause(10 + Math.random() * 60);
  }
}

export const timedKills: readonly Fault[] = [
  {
    name: 'SIGKILL order service after commit, before publish',
    async apply(world) {
      await freezeUntil(world, 'order-service', async () => {
        const relayMidBatch = (await orderSessions(world)).some((s) => s.state.startsWith('idle in transaction'));
        return !relayMidBatch && (await unpublishedEventIds(world)).length > 0;
      });
      await world.service('order-service').start();
    },
  },
  {
    name: 'SIGKILL relay between publish and mark',
    async apply(world) {
      await freezeUntil(world, 'order-service', async () => {
        const sessions = await orderSessions(world);
        if (!sessions.some((s) => s.state.startsWith('idle in transaction') && s.query.includes('UPDATE outbox')))
          return false;
        // What the relay marked is not committed: we still see it unpublished. On the topic already?
        const unmarked = new Set(await unpublishedEventIds(world));
        const tail = await readTail(world, Topics.orders, 50);
        return tail.some((r) => unmarked.has(r.headers.ce_id?.toString() ?? ''));
      });
      await world.service('order-service').start();
    },
  },
  {
    name: 'SIGKILL payment service after approval, before record',
    async apply(world) {
      const controls = world.provider.controls;
      const authorized = () => controls.ledger.view().authorizations.length;
      controls.hold();
      const victim = world.service('payment-service');
      try {
        const deadline = Date.now() + 60_000;
        while (controls.held() === 0) {
          if (Date.now() > deadline) throw new Error('no authorization request reached the provider');
          await pause(50);
        }
        await victim.signal('SIGSTOP');
        const before = authorized();
        controls.release();
        // The approvals are made and sent; the frozen process never reads them.
        const approvedBy = Date.now() + 5_000;
        while (authorized() === before && Date.now() < approvedBy) await pause(20);
        await pause(200);
        await victim.signal('SIGKILL');
        console.log(`  payment-service killed with ${authorized() - before} approval(s) sent and unread`);
      } finally {
        controls.release();
      }
      await victim.start();
    },
  },
];
