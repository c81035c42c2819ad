import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import pg from 'pg';
import { allTopicSpecs, services, type ServiceName } from '@shop/contracts';
import { createKafka, deleteTopics, ensureTopics, messagingMigrationsDir } from '@shop/messaging';
import { migrate } from '@shop/persistence';
import { devDatabaseUrl } from '@shop/runtime';
import { eventually, testServers, uniqueSuffix } from '@shop/testing';

const root = resolve(import.meta.dirname, '../..');

export interface StackProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
}

export interface Stack {
  readonly namespace: string;
  readonly url: (service: ServiceName) => string;
  /** The schema each service runs on in this stack (owned by its own role). */
  readonly schemas: Record<ServiceName, string>;
  readonly processes: Map<string, StackProcess>;
  /** Kills a process the hard way (SIGKILL: no graceful shutdown), as a crash would. */
  kill(name: string): Promise<void>;
  /** Starts a killed process again with the same settings and waits until it is ready. */
  restart(name: string): Promise<void>;
  /**
   * A database outage for this stack only: every connection its processes hold or open (matched by
   * application_name) is terminated, as a fast shutdown does, until `ms` have passed.
   */
  cutDatabase(ms: number): Promise<void>;
  /** Runs SQL as the database superuser, for assertions across schemas. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

function startProcess(
  name: string,
  cwd: string,
  entry: string[],
  env: Record<string, string>,
  port: number,
): StackProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry], {
    cwd,
    env: { ...process.env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  return { name, url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/**
 * The platform as processes — the real `main.ts` of each service — on private schemas (created for
 * and owned by each service's own role) and private topics, so a run shares nothing with the
 * development stack or another run. `portBase` keeps its ports apart.
 */
export async function startStack(options: {
  services: ServiceName[];
  portBase: number;
  env?: Partial<Record<ServiceName | 'provider', Record<string, string>>>;
}): Promise<Stack> {
  const namespace = `e2e${uniqueSuffix()}`;
  const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: `stack-${namespace}` });
  await ensureTopics(kafka, allTopicSpecs(namespace, 6));
  const admin = new pg.Pool({ connectionString: testServers.adminDatabaseUrl, max: 4 });
  admin.on('error', () => undefined); // connections dropped by a database restart test are replaced
  const schemas = {} as Record<ServiceName, string>;
  const processes = new Map<string, StackProcess>();
  const portOf = (name: ServiceName) => options.portBase + services.findIndex((s) => s.name === name) + 1;
  const providerPort = options.portBase + 99;

  for (const name of options.services) {
    const info = services.find((s) => s.name === name)!;
    const schema = `${namespace}_${info.schema}`;
    await admin.query(`CREATE SCHEMA "${schema}" AUTHORIZATION ${info.role}`);
    await migrate({
      url: devDatabaseUrl(info.role),
      schema,
      dirs: [messagingMigrationsDir, resolve(root, 'apps', name, 'migrations')],
    });
    schemas[name] = schema;
  }
  if (options.services.includes('payment-service')) {
    processes.set(
      'provider',
      startProcess(
        'provider',
        resolve(root, 'dev/card-provider-simulator'),
        ['src/main.ts'],
        { PROVIDER_SIMULATOR_PORT: String(providerPort), ...options.env?.provider },
        providerPort,
      ),
    );
  }
  const startService = (name: ServiceName) => {
    const port = portOf(name);
    processes.set(
      name,
      startProcess(
        name,
        resolve(root, 'apps', name),
        ['src/main.ts'],
        {
          // The development defaults (database roles, .dev-keys/, the simulator's key) under the test profile.
          APP_PROFILE: 'test',
          PORT: String(port),
          // Nothing here scrapes: any free port, apart from the API's.
          METRICS_PORT: '0',
          DATABASE_SCHEMA: schemas[name],
          KAFKA_TOPIC_NAMESPACE: namespace,
          RATE_LIMIT_ENABLED: 'false',
          PGAPPNAME: `${namespace}-${name}`,
          PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
          // The user service's peers (GDPR export) are this stack's, never the development ports' defaults.
          ORDER_SERVICE_URL: `http://127.0.0.1:${portOf('order-service')}`,
          PAYMENT_SERVICE_URL: `http://127.0.0.1:${portOf('payment-service')}`,
          NOTIFICATION_SERVICE_URL: `http://127.0.0.1:${portOf('notification-service')}`,
          ...options.env?.[name],
        },
        port,
      ),
    );
  };
  const whenReady = async (name: string) => {
    const p = processes.get(name)!;
    await eventually(
      async () => {
        if (p.child.exitCode !== null) throw new Error(`${name} exited: ${p.output()}`);
        const r = await fetch(`${p.url}/ready`);
        if (r.status !== 200) throw new Error(`${name} not ready`);
      },
      // Five services booting through tsx on two busy cores can take more than a minute.
      120_000,
      200,
    ).catch((e) => {
      throw new Error(`${name} did not become ready: ${e}\n${p.output()}`);
    });
  };
  const stop = async (grace = 15_000) => {
    await Promise.all(
      [...processes.values()].map(async (p) => {
        if (p.child.exitCode !== null) return;
        const exited = once(p.child, 'exit');
        p.child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, grace))]);
        if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }),
    );
    for (const schema of Object.values(schemas)) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    // A run leaves no topics behind: thousands of partitions left over make the broker slow to start.
    await deleteTopics(kafka, { prefix: `${namespace}.` }).catch((e: Error) =>
      console.warn(`could not delete the topics of ${namespace}: ${e.message}`),
    );
  };
  try {
    for (const name of options.services) startService(name);
    for (const name of options.services) await whenReady(name);
  } catch (err) {
    // No Stack reaches the caller, so nobody else would stop what started: the next run would meet it on its ports.
    await stop(2_000).catch(() => undefined);
    throw err;
  }

  return {
    namespace,
    schemas,
    processes,
    url: (service) => processes.get(service)!.url,
    async kill(name) {
      const p = processes.get(name)!;
      if (p.child.exitCode !== null) return;
      const exited = once(p.child, 'exit');
      p.child.kill('SIGKILL');
      await exited;
    },
    async restart(name) {
      startService(name as ServiceName);
      await whenReady(name);
    },
    async cutDatabase(ms) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name LIKE $1 AND pid <> pg_backend_pid()`,
          [`${namespace}-%`],
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    query: async (sql, params = []) => (await admin.query(sql, params)).rows,
    stop,
  };
}
