import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka, ensureTopics } from '@shop/messaging';

const runClass = resolve(import.meta.dirname, '../../../../infra/scripts/kafka-run-class.sh');

/** One broker (also a KRaft controller) of a throw-away cluster. */
export interface ThrowawayKafkaNode {
  readonly nodeId: number;
  /** Its client listener, host:port. */
  readonly address: string;
  readonly logFile: string;
  /** True while its process runs. */
  running(): boolean;
  /** Kills it at once (SIGKILL), as a crash or a lost machine would; its data stays. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data (after kill); returns once its process is up. */
  start(): Promise<void>;
}

/**
 * A KRaft cluster of a test's own (one node by default), from the binaries infra/scripts installed,
 * on free loopback ports with its config, data and logs in a temporary directory: a test may kill
 * it, which it must never do to the shared broker.
 */
export interface ThrowawayKafka {
  readonly brokers: string[];
  readonly nodes: readonly ThrowawayKafkaNode[];
  /** Kills every broker at once (SIGKILL), as a crash or a lost network would. */
  kill(): Promise<void>;
  /** Starts every killed broker again and waits until the cluster answers with all of them. */
  restart(): Promise<void>;
  /** Kills it if still up and removes its directory; safe to call whatever happened. */
  remove(): Promise<void>;
  /** The first broker's log, for a failing test's message. */
  readonly logFile: string;
  /** Where its config, data and logs are (an exit handler removes it synchronously). */
  readonly directory: string;
}

export interface ThrowawayKafkaOptions {
  /** Brokers in the cluster (each also a controller): 1, or 3 for replication. */
  readonly nodes?: number;
  readonly readyTimeoutMs?: number;
}

export const freeLoopbackPort = async (): Promise<number> => {
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

interface NodePorts {
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
}

const properties = (dir: string, node: NodePorts, all: readonly NodePorts[]): string => {
  // Internal topics as durable as the cluster allows: the consumer groups' offsets survive a broker.
  const replicas = all.length;
  const minIsr = Math.min(2, replicas);
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${all.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dir, 'data')}`,
    'num.network.threads=1',
    'num.io.threads=2',
    'auto.create.topics.enable=false',
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=1',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=1',
    `default.replication.factor=${replicas}`,
    'group.initial.rebalance.delay.ms=0',
  ].join('\n');
};

const javaEnv = { ...process.env, KAFKA_HEAP_OPTS: '-Xms64m -Xmx256m', KAFKA_LOG_LEVEL: 'WARN' };

async function run(args: string[], logFile: string): Promise<void> {
  const log = openSync(logFile, 'a');
  const child = spawn('bash', [runClass, ...args], { env: javaEnv, stdio: ['ignore', log, log] });
  closeSync(log);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`kafka-run-class.sh ${args[0]} exited ${code} (see ${logFile})`);
}

function brokerNode(dir: string, ports: NodePorts): ThrowawayKafkaNode {
  const config = join(dir, 'server.properties');
  const logFile = join(dir, 'broker.log');
  let broker: ChildProcess | undefined;
  const running = () => broker !== undefined && broker.exitCode === null && broker.signalCode === null;
  return {
    nodeId: ports.nodeId,
    address: `127.0.0.1:${ports.port}`,
    logFile,
    running,
    async kill() {
      if (!running() || broker?.pid === undefined) return;
      const exited = once(broker, 'exit');
      // The broker leads its own process group (detached): the JVM goes with the script that exec'd it.
      process.kill(-broker.pid, 'SIGKILL');
      await exited;
    },
    async start() {
      if (running()) return;
      const log = openSync(logFile, 'a');
      broker = spawn('bash', [runClass, 'kafka.Kafka', config], {
        env: { ...javaEnv, KAFKA_LOG_TARGET: 'System.out' },
        stdio: ['ignore', log, log],
        detached: true,
      });
      closeSync(log);
      await once(broker, 'spawn');
    },
  };
}

async function untilAllAnswer(cluster: ThrowawayKafka, deadline: number): Promise<void> {
  const kafka = createKafka({ brokers: cluster.brokers, clientId: 'throwaway-kafka-setup' });
  for (;;) {
    const exited = cluster.nodes.find((n) => !n.running());
    if (exited) throw new Error(`throw-away broker ${exited.nodeId} exited (see ${exited.logFile})`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const { brokers, controller } = await admin.describeCluster();
      if (brokers.length === cluster.nodes.length && controller !== null) return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`the throw-away cluster is not up (see ${cluster.logFile})`, { cause: error });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`the throw-away cluster is not complete (see ${cluster.logFile})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Starts a cluster of `nodes` brokers and waits until every one of them answers. */
export async function startThrowawayKafkaCluster(options: ThrowawayKafkaOptions = {}): Promise<ThrowawayKafka> {
  const count = options.nodes ?? 1;
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const dir = await mkdtemp(join(tmpdir(), 'throwaway-kafka-'));
  const ports: NodePorts[] = [];
  for (let nodeId = 1; nodeId <= count; nodeId++) {
    ports.push({ nodeId, port: await freeLoopbackPort(), controllerPort: await freeLoopbackPort() });
  }
  const nodes = ports.map((p) => brokerNode(count === 1 ? dir : join(dir, `node-${p.nodeId}`), p));
  const cluster: ThrowawayKafka = {
    brokers: nodes.map((n) => n.address),
    nodes,
    logFile: nodes[0]!.logFile,
    directory: dir,
    async kill() {
      await Promise.all(nodes.map((n) => n.kill()));
    },
    async restart() {
      for (const node of nodes) await node.start();
      await untilAllAnswer(cluster, Date.now() + readyTimeoutMs);
    },
    async remove() {
      await cluster.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    const id = clusterId();
    for (const p of ports) {
      const nodeDir = count === 1 ? dir : join(dir, `node-${p.nodeId}`);
      await mkdir(nodeDir, { recursive: true });
      const config = join(nodeDir, 'server.properties');
      await writeFile(config, properties(nodeDir, p, ports));
      await run(['kafka.tools.StorageTool', 'format', '-t', id, '-c', config], join(nodeDir, 'broker.log'));
    }
    await cluster.restart();
    return cluster;
  } catch (error) {
    await cluster.remove();
    throw error;
  }
}

/** Starts a single broker and waits until it has created `topics` (one partition each). */
export async function startThrowawayKafka(topics: readonly string[], readyTimeoutMs = 90_000): Promise<ThrowawayKafka> {
  const deadline = Date.now() + readyTimeoutMs;
  const cluster = await startThrowawayKafkaCluster({ nodes: 1, readyTimeoutMs });
  const kafka = createKafka({ brokers: cluster.brokers, clientId: 'throwaway-kafka-setup' });
  for (;;) {
    try {
      await ensureTopics(
        kafka,
        topics.map((name) => ({ name, partitions: 1 })),
      );
      return cluster;
    } catch (error) {
      if (Date.now() > deadline || !cluster.nodes[0]!.running()) {
        await cluster.remove();
        throw new Error(`the throw-away broker is not up (see ${cluster.logFile})`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
