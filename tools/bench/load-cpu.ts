import { readFileSync } from 'node:fs';
import { stackProcesses } from './process-usage.js';

const ticksPerSecond = 100; // Linux USER_HZ
const pageKb = 4;

interface ProcessSample {
  /** pid and start time together: a pid the kernel hands out again is another process. */
  readonly key: string;
  readonly startTicks: number;
  readonly cpuTicks: number;
  readonly rssKb: number;
}

function sample(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    return {
      key: `${pid}@${startTicks}`,
      startTicks,
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      rssKb: Number(fields[21]) * pageKb,
    };
  } catch {
    return undefined;
  }
}

const ticksSinceBoot = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * ticksPerSecond;

export type Usage = Record<string, { cpuPercent: number; rssMb: number }>;

/**
 * CPU and RSS per process group over a stage, sampled every `intervalMs` and summed per process, so a
 * process restarted during the stage (a new pid, its counters from zero) adds what each of its lives
 * spent instead of subtracting the old life's total from the new one's. A process that ends between
 * two samples loses at most one interval of CPU; one that starts during the stage counts from zero.
 */
export class CpuMeter {
  private readonly groups = stackProcesses();
  private readonly startedAt = ticksSinceBoot();
  private readonly startedMs = Date.now();
  /** Per group, per process: its CPU ticks when first seen (0 if it started during the stage) and last seen. */
  private readonly seen = new Map<string, Map<string, { first: number; last: number }>>();
  private latestRssKb = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 500) {
    this.take();
    this.timer = setInterval(() => this.take(), intervalMs);
    this.timer.unref();
  }

  private take(): void {
    for (const [name, pids] of Object.entries(this.groups)) {
      const processes = this.seen.get(name) ?? new Map<string, { first: number; last: number }>();
      this.seen.set(name, processes);
      let rssKb = 0;
      for (const s of pids().map(sample)) {
        if (!s) continue;
        rssKb += s.rssKb;
        const known = processes.get(s.key);
        if (known) known.last = s.cpuTicks;
        else processes.set(s.key, { first: s.startTicks > this.startedAt ? 0 : s.cpuTicks, last: s.cpuTicks });
      }
      this.latestRssKb.set(name, rssKb);
    }
  }

  /** Stops sampling; CPU as % of one core over the stage and RSS at its end, per process group. */
  stop(): Usage {
    clearInterval(this.timer);
    this.take();
    const seconds = (Date.now() - this.startedMs) / 1000;
    const usage: Usage = {};
    for (const [name, processes] of this.seen) {
      let ticks = 0;
      for (const { first, last } of processes.values()) ticks += last - first;
      usage[name] = {
        cpuPercent: (ticks / ticksPerSecond / seconds) * 100,
        rssMb: (this.latestRssKb.get(name) ?? 0) / 1024,
      };
    }
    return usage;
  }
}
