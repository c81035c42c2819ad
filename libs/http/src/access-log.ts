import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Bindings, ChildLoggerOptions } from 'pino';

type LogArguments = Parameters<FastifyBaseLogger['info']>;

/**
 * `request.log`, made only when something logs through it: a pino child per request (its
 * bindings serialized up front) was a fixed cost of every request, though almost none log.
 */
class RequestLogger implements FastifyBaseLogger {
  #logger: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.#logger ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.#logger?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: LogArguments): void {
    this.logger.fatal(...args);
  }
  error(...args: LogArguments): void {
    this.logger.error(...args);
  }
  warn(...args: LogArguments): void {
    this.logger.warn(...args);
  }
  info(...args: LogArguments): void {
    this.logger.info(...args);
  }
  debug(...args: LogArguments): void {
    this.logger.debug(...args);
  }
  trace(...args: LogArguments): void {
    this.logger.trace(...args);
  }
  silent(...args: LogArguments): void {
    this.logger.silent(...args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger, bound to its id when first used. */
export const requestLogger = (
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger => new RequestLogger(parent, bindings, options);

/** Probes and scrapes come every few seconds from the platform, not from clients: no line for them. */
const unlogged = new Set(['/health', '/ready', '/metrics']);

/**
 * `shop-access-log`: one line per answered request — method, route, status, duration, request id —
 * written by the service's logger with the request id as its `reqId` (what Fastify binds to a
 * request's own logger), so no per-request child logger is made for it.
 */
export const accessLogPlugin = fp(
  (app: FastifyInstance, _options: object, done: (error?: Error) => void) => {
    const log = app.log;
    app.addHook('onResponse', (request, reply, next) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (!unlogged.has(route)) {
        const { id, method } = request;
        const ms = Math.round(reply.elapsedTime);
        log.info({ reqId: id, method, route, status: reply.statusCode, ms, request_id: id }, 'request');
      }
      next();
    });
    done();
  },
  { name: 'shop-access-log', fastify: '5.x', dependencies: ['shop-request-id'] },
);
