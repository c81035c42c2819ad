import { Topics, type ServiceName } from '@shop/contracts';
import { createKafka } from '@shop/messaging';
import { eventually, metricValue } from '@shop/testing';
import {
  groupsBehind,
  deadLetterSizes,
  injectDuplicatedAndReordered,
  injectPoison,
  injectWrongVersion,
  sagaTopics,
} from './events.js';
import type { Answer } from './load.js';
import type { ChaosWorld } from './world/world.js';

/**
 * A fault applies itself and repairs itself: `apply` returns once the world has been put back
 * (the process restarted, the server up again). The time it took is the fault's window; the
 * suite then waits for the world to settle.
 */
export interface Fault {
  readonly name: string;
  apply(world: ChaosWorld): Promise<void>;
  /** It puts records on dead-letter topics by design: from then on the checker only reports them. */
  readonly leavesDeadLetters?: boolean;
  /** What else must hold once the world has settled, given every answer the load got; the problems found. */
  verify?(world: ChaosWorld, answers: readonly Answer[]): Promise<string[]>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The saga in flight while the process is gone: orders pile up on its topics and in its outbox. */
const killAndRestart = (name: ServiceName, downMs = 3_000): Fault => ({
  name: `SIGKILL ${name}`,
  async apply(world) {
    const victim = world.service(name);
    await victim.signal('SIGKILL');
    await pause(downMs);
    await victim.start();
  },
});

export const processKills: readonly Fault[] = [
  killAndRestart('payment-service'),
  killAndRestart('order-service'),
  killAndRestart('inventory-service'),
  killAndRestart('notification-service'),
  killAndRestart('user-service'),
];

const redisDown = { from: 0, to: 0 };

/** Every service waits until it answers /ready again: a server outage is over only then. */
async function untilEveryServiceReady(world: ChaosWorld): Promise<void> {
  await Promise.all([...world.services.values()].map((s) => s.start()));
}

export const serverFaults: readonly Fault[] = [
  {
    name: 'Kafka broker restart',
    async apply(world) {
      await world.kafka.kill();
      await pause(5_000);
      await world.kafka.restart();
      await untilEveryServiceReady(world);
    },
  },
  {
    name: 'PostgreSQL restart -m fast',
    async apply(world) {
      await world.postgres.restart('fast');
      await untilEveryServiceReady(world);
    },
  },
  {
    name: 'PostgreSQL restart -m immediate',
    async apply(world) {
      await world.postgres.restart('immediate');
      await untilEveryServiceReady(world);
    },
  },
  {
    name: 'Redis stopped for 30 s',
    async apply(world) {
      await world.redis.stop();
      redisDown.from = Date.now();
      await pause(30_000);
      redisDown.to = Date.now();
      await world.redis.start();
      await untilEveryServiceReady(world);
    },
    // The revocation check fails closed (README.md): once its cache is stale no order is taken,
    // each refusal a 503 with Retry-After.
    async verify(_world, answers) {
      const stale = answers.filter(
        (a) => a.kind === 'place' && a.at >= redisDown.from + 5_000 && a.answeredAt <= redisDown.to,
      );
      const accepted = stale.filter((a) => a.orderId !== undefined).length;
      const refused = stale.filter((a) => a.status === 503 && a.retryAfter).length;
      return [
        ...(accepted > 0 ? [`${accepted} orders accepted while Redis was down (fail open)`] : []),
        ...(refused === 0 ? ['no 503 with Retry-After while Redis was down'] : []),
      ];
    },
  },
];

/** The payment service's breaker as its /metrics says: 0 closed, 1 half-open, 2 open (undefined: no answer). */
async function circuitState(world: ChaosWorld): Promise<number | undefined> {
  try {
    const text = await (await fetch(world.metricsUrl('payment-service'))).text();
    const state = metricValue(text, 'payment_provider_circuit_state');
    return Number.isNaN(state) ? undefined : state;
  } catch {
    return undefined;
  }
}

const circuitSeen = new Set<number>();

export const providerFaults: readonly Fault[] = [
  {
    name: 'provider slow, then failing, then back',
    async apply(world) {
      const controls = world.provider.controls;
      circuitSeen.clear();
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const state = await circuitState(world);
          if (state !== undefined) circuitSeen.add(state);
          await pause(200);
        }
      })();
      controls.slow(2_500);
      await pause(10_000);
      controls.slow(0);
      controls.outage(true);
      await pause(15_000);
      controls.outage(false);
      watching = false;
      await watch;
    },
    // The breaker opened during the outage and, the provider back, closed again.
    async verify(world) {
      const closedAgain = await eventually(async () => {
        if ((await circuitState(world)) !== 0) throw new Error('the circuit breaker did not close again');
      }, 30_000).then(
        () => [],
        (e: Error) => [e.message],
      );
      return [...(circuitSeen.has(2) ? [] : ['the circuit breaker never opened during the outage']), ...closedAgain];
    },
  },
];

/**
 * Every consumer of each topic carried on past the record injected at its offset, and what it
 * could not handle is parked on the topic's dead-letter topic.
 */
function parkedAndCarriedOn(before: () => Record<string, number>, injected: () => ReadonlyMap<string, number>) {
  return async (world: ChaosWorld): Promise<string[]> => {
    const problems: string[] = [];
    for (const [topic, offset] of injected()) {
      await eventually(async () => {
        const behind = await groupsBehind(world, topic, offset);
        if (behind.length > 0) throw new Error(`${behind.join(', ')} not past offset ${offset} of ${topic}`);
      }, 60_000).catch((e: Error) => problems.push(e.message));
    }
    const after = await deadLetterSizes(world);
    for (const topic of injected().keys()) {
      if (!(sagaTopics as readonly string[]).includes(topic)) continue; // others may have no consumer to park it
      if ((after[topic] ?? 0) <= (before()[topic] ?? 0)) problems.push(`nothing parked on ${topic}.dlq`);
    }
    return problems;
  };
}

let sizesBeforeWrongVersion: Record<string, number> = {};
let wrongVersionAt: ReadonlyMap<string, number> = new Map();
let sizesBeforePoison: Record<string, number> = {};
let poisonAt: ReadonlyMap<string, number> = new Map();

export const injectedEvents: readonly Fault[] = [
  {
    name: 'duplicated and reordered saga events',
    async apply(world) {
      await injectDuplicatedAndReordered(world);
    },
  },
  {
    name: 'wrong-version saga events',
    leavesDeadLetters: true,
    async apply(world) {
      sizesBeforeWrongVersion = await deadLetterSizes(world);
      wrongVersionAt = await injectWrongVersion(world);
    },
    verify: parkedAndCarriedOn(
      () => sizesBeforeWrongVersion,
      () => wrongVersionAt,
    ),
  },
  {
    name: 'a poison event on every topic',
    leavesDeadLetters: true,
    async apply(world) {
      sizesBeforePoison = await deadLetterSizes(world);
      poisonAt = await injectPoison(world);
    },
    verify: parkedAndCarriedOn(
      () => sizesBeforePoison,
      () => poisonAt,
    ),
  },
];

/** On the three-broker cluster: the broker leading the orders topic's partition, killed and later back. */
export const leaderKill: Fault = {
  name: 'SIGKILL of the partition leader (3 brokers)',
  async apply(world) {
    const admin = createKafka({ brokers: world.kafka.brokers, clientId: 'chaos-leader' }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [Topics.orders] }).finally(() => admin.disconnect());
    const leaderId = metadata.topics[0]!.partitions[0]!.leader;
    const { replicas, isr } = metadata.topics[0]!.partitions[0]!;
    console.log(`  killing broker ${leaderId}, leader of ${Topics.orders} (replicas ${replicas}, in sync ${isr})`);
    const leader = world.kafka.nodes.find((n) => n.nodeId === leaderId);
    if (!leader) throw new Error(`no broker ${leaderId} leads ${Topics.orders}`);
    await leader.kill();
    // The other two take over (min.insync.replicas 2 still met) while it is gone.
    await pause(15_000);
    await world.kafka.restart();
  },
};
