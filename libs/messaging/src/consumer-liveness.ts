import type { Consumer } from 'kafkajs';
import type { LoggerLike } from './logger.js';

interface LivenessOptions {
  readonly groupId: string;
  /** How long after its first crash a consumer may keep restarting before it gives up. */
  readonly giveUpAfterMs: number;
  readonly logger: LoggerLike;
  readonly onGaveUp?: (error: Error) => void;
}

/**
 * Whether a consumer is consuming. kafkajs reports a crash — its retries of a broker request ran
 * out, or an error it cannot retry — and then restarts the consumer, or not. We let it restart for
 * giveUpAfterMs after the first crash since the consumer last joined its group; after that, and
 * after an error kafkajs cannot retry, the consumer has given up. Crashed, it is not ready until it
 * rejoins; given up, it says so (onGaveUp), so that the process drains and exits and its supervisor
 * starts a fresh one.
 */
export class ConsumerLiveness {
  private crash: { readonly error: Error; readonly gaveUp: boolean } | undefined;
  private failingSince: number | undefined;

  constructor(private readonly options: LivenessOptions) {}

  /** Follows the consumer's crashes and joins; its `retry.restartOnFailure` must be restartOnFailure below. */
  watch(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (this.crash?.gaveUp) return;
      this.crash = undefined;
      this.failingSince = undefined;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(payload.error, payload.restart));
  }

  /** kafkajs's `retry.restartOnFailure`: asked after each crash it could retry. */
  readonly restartOnFailure = async (): Promise<boolean> => {
    this.failingSince ??= Date.now();
    return Date.now() - this.failingSince < this.options.giveUpAfterMs;
  };

  /** Throws while the consumer is not consuming: crashed and not yet back in its group, or given up. */
  assertConsuming(): void {
    if (!this.crash) return;
    const state = this.crash.gaveUp ? 'gave up' : 'crashed and is restarting';
    throw new Error(`consumer ${this.options.groupId} ${state}: ${this.crash.error.message}`, {
      cause: this.crash.error,
    });
  }

  private crashed(error: Error, restart: boolean): void {
    this.crash = { error, gaveUp: !restart };
    const { groupId, logger } = this.options;
    if (restart) {
      logger.warn({ err: error, groupId }, 'consumer crashed; the client restarts it');
      return;
    }
    logger.error({ err: error, groupId }, 'consumer gave up');
    this.options.onGaveUp?.(error);
  }
}
