/** The slice of a pino logger messaging needs; pino satisfies it, tests may pass `silentLogger`. */
export interface LoggerLike {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = () => undefined;
export const silentLogger: LoggerLike = { debug: noop, info: noop, warn: noop, error: noop };
