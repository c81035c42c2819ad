import type { FastifyInstance } from 'fastify';
import type { Logger } from '@shop/telemetry';

interface RunningParts {
  readonly app: FastifyInstance;
  readonly logger: Logger;
  readonly host: string;
  readonly port: number;
  /** The second listener, serving only GET /metrics on a port of its own (METRICS_PORT). */
  readonly metrics: { readonly app: FastifyInstance; readonly port: number };
  readonly shutdownTimeoutMs: number;
  /** Background work started after listen (consumers, relay). */
  readonly startBackground: () => Promise<void>;
  /** Stops background work and closes connections, in dependency order. */
  readonly stopBackground: () => Promise<void>;
  /** Settles when the process can no longer do its work (a consumer gave up): it drains and exits non-zero. */
  readonly failed?: Promise<Error>;
}

/**
 * Listens (the API, then the metrics), then on SIGTERM/SIGINT shuts down gracefully: close both
 * listeners, finishing the requests in flight, let consumers finish and commit the messages in
 * hand, let the relay finish its batch, then close connections. A shutdown that hangs is cut off after the timeout.
 * When `failed` settles the process shuts down the same way and exits 1, for its supervisor to
 * start it again: a process whose consumer stopped for good would otherwise live on doing nothing.
 */
export async function runService(parts: RunningParts): Promise<void> {
  const { app, logger } = parts;
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: parts.shutdownTimeoutMs }, 'graceful shutdown timed out');
      process.exit(1);
    }, parts.shutdownTimeoutMs);
    timer.unref();
    try {
      await Promise.all([app.close(), parts.metrics.app.close()]);
      await parts.stopBackground();
      logger.info('stopped');
      process.exit(exitCode);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  void parts.failed?.then((err) => {
    logger.fatal({ err }, 'cannot go on working; draining and exiting');
    return shutdown('failure', 1);
  });

  await parts.startBackground();
  const address = await app.listen({ host: parts.host, port: parts.port });
  const metricsAddress = await parts.metrics.app.listen({ host: parts.host, port: parts.metrics.port });
  logger.info({ address, metricsAddress }, 'listening');
}
