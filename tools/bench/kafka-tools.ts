import { execFileSync } from 'node:child_process';

const runClass = (cls: string, args: string[]): string =>
  execFileSync('bash', ['infra/scripts/kafka-run-class.sh', cls, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** The broker's own producer benchmark (same jars as the broker). Returns records/s and latencies in ms. */
export function producerPerf(topic: string, records: number, recordSize: number, brokers: string) {
  const out = runClass('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'enable.idempotence=true',
    'linger.ms=0',
  ]);
  const last =
    out
      .trim()
      .split('\n')
      .filter((l) => l.includes('records sent'))
      .at(-1) ?? '';
  const num = (re: RegExp) => Number(re.exec(last)?.[1] ?? Number.NaN);
  return {
    recordsPerSec: num(/([\d.]+) records\/sec/),
    avgMs: num(/([\d.]+) ms avg latency/),
    p50Ms: num(/(\d+) ms 50th/),
    p99Ms: num(/(\d+) ms 99th/),
  };
}

/** The broker's end-to-end latency tool: produce one message, wait until it is consumed, repeat. */
export function endToEndLatency(topic: string, messages: number, recordSize: number, brokers: string) {
  const out = runClass('org.apache.kafka.tools.EndToEndLatency', [
    brokers,
    topic,
    String(messages),
    'all',
    String(recordSize),
  ]);
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
  return {
    avgMs: num(/Avg latency: ([\d.]+) ms/),
    p50Ms: num(/Percentiles: 50th = ([\d.]+)/),
    p99Ms: num(/99th = ([\d.]+)/),
  };
}
