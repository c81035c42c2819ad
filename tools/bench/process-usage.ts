import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // Linux USER_HZ
const pageKb = 4;

interface Sample {
  readonly cpuTicks: number;
  readonly rssKb: number;
}

function read(pid: number): Sample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(fields[21]) * pageKb;
    return { cpuTicks, rssKb };
  } catch {
    return undefined;
  }
}

const pidsNamed = (comm: string): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
      } catch {
        return false;
      }
    });

const pidFrom = (file: string): number[] => {
  try {
    return [Number(readFileSync(file, 'utf8').trim())];
  } catch {
    return [];
  }
};

/** The processes of the running stack, by name (PostgreSQL counts all its backends). */
export function stackProcesses(): Record<string, () => number[]> {
  const services = [
    'user-service',
    'inventory-service',
    'order-service',
    'payment-service',
    'notification-service',
    'payment-provider',
    'mail-sink',
  ];
  return {
    ...Object.fromEntries(services.map((s) => [s, () => pidFrom(`.data/${s}.pid`)])),
    // The load generator shares the two cores with the stack: its share is part of the picture.
    'bench (this process)': () => [process.pid],
    kafka: () => pidFrom('.data/kafka.pid'),
    redis: () => pidFrom('.data/redis.pid'),
    postgres: () => pidsNamed('postgres'),
  };
}

export type Snapshot = Record<string, { cpuTicks: number; rssKb: number }>;

export function snapshot(groups = stackProcesses()): Snapshot {
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => {
      const samples = pids()
        .map(read)
        .filter((s): s is Sample => s !== undefined);
      return [
        name,
        { cpuTicks: samples.reduce((a, s) => a + s.cpuTicks, 0), rssKb: samples.reduce((a, s) => a + s.rssKb, 0) },
      ];
    }),
  );
}

/** CPU % of one core over the interval, and RSS at its end, per process group. */
export function usageBetween(
  before: Snapshot,
  after: Snapshot,
  seconds: number,
): Record<string, { cpuPercent: number; rssMb: number }> {
  return Object.fromEntries(
    Object.keys(after).map((name) => [
      name,
      {
        cpuPercent: ((after[name]!.cpuTicks - (before[name]?.cpuTicks ?? 0)) / ticksPerSecond / seconds) * 100,
        rssMb: after[name]!.rssKb / 1024,
      },
    ]),
  );
}
