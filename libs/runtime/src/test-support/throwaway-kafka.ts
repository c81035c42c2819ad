import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka, ensureTopics } from '@shop/messaging';

const runClass = resolve(import.meta.dirname, '../../../../infra/scripts/kafka-run-class.sh');

/**
 * A single-node KRaft broker of a test's own, from the binaries infra/scripts installed, on free
 * loopback ports with its config, data and log in a temporary directory: a test may kill it, which
 * it must never do to the shared broker.
 */
export interface ThrowawayKafka {
  readonly brokers: string[];
  /** Kills the broker at once (SIGKILL), as a crash or a lost network would. */
  kill(): Promise<void>;
  /** Kills it if still up and removes its directory; safe to call whatever happened. */
  remove(): Promise<void>;
  /** Its own log, for a failing test's message. */
  readonly logFile: string;
}

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
};

// Kafka's Uuid.toString(): 16 random bytes, URL-safe base64 without padding, never starting with '-'.
const clusterId = (): string => {
  const id = randomBytes(16).toString('base64url');
  return id.startsWith('-') ? clusterId() : id;
};

const properties = (dir: string, port: number, controllerPort: number): string =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dir, 'data')}`,
    'num.network.threads=1',
    'num.io.threads=2',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
  ].join('\n');

const javaEnv = { ...process.env, KAFKA_HEAP_OPTS: '-Xms64m -Xmx256m', KAFKA_LOG_LEVEL: 'WARN' };

async function run(args: string[], logFile: string): Promise<void> {
  const log = openSync(logFile, 'a');
  const child = spawn('bash', [runClass, ...args], { env: javaEnv, stdio: ['ignore', log, log] });
  closeSync(log);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`kafka-run-class.sh ${args[0]} exited ${code} (see ${logFile})`);
}

/** Starts the broker and waits until it has created `topics` (one partition each). */
export async function startThrowawayKafka(topics: readonly string[], readyTimeoutMs = 90_000): Promise<ThrowawayKafka> {
  const dir = await mkdtemp(join(tmpdir(), 'throwaway-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = join(dir, 'server.properties');
  const logFile = join(dir, 'broker.log');
  let broker: ChildProcess | undefined;
  const kill = async () => {
    if (broker?.pid === undefined || broker.exitCode !== null || broker.signalCode !== null) return;
    const exited = once(broker, 'exit');
    // The broker leads its own process group (detached): the JVM goes with the script that exec'd it.
    process.kill(-broker.pid, 'SIGKILL');
    await exited;
  };
  const remove = async () => {
    await kill();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await writeFile(config, properties(dir, port, controllerPort));
    await run(['kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', config], logFile);
    const log = openSync(logFile, 'a');
    broker = spawn('bash', [runClass, 'kafka.Kafka', config], {
      env: { ...javaEnv, KAFKA_LOG_TARGET: 'System.out' },
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    const brokers = [`127.0.0.1:${port}`];
    const kafka = createKafka({ brokers, clientId: 'throwaway-kafka-setup' });
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (broker.exitCode !== null) throw new Error(`the throw-away broker exited ${broker.exitCode} (see ${logFile})`);
      try {
        await ensureTopics(
          kafka,
          topics.map((name) => ({ name, partitions: 1 })),
        );
        return { brokers, kill, remove, logFile };
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`the throw-away broker is not up (see ${logFile})`, { cause: error });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
}
