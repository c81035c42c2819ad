import { setTimeout as sleep } from 'node:timers/promises';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { namespacedTopic } from '@shop/contracts';
import { fromKafkaMessage, headerString, type CloudEvent } from './cloud-event.js';
import { deadLetterReason, deadLetterRecord } from './dead-letter.js';
import { PermanentError, type RetryPolicy, type Subscription } from './subscription.js';
import { silentLogger, type LoggerLike } from './logger.js';
import { applyRun, transactionalApplyOf, type TransactionalApply } from './inbox.js';
import { inConsumerSpan } from './consumer-span.js';
import type { EventConsumerOptions } from './consumer-options.js';
import { isTransientError } from './transient-error.js';

type Decoded =
  | { readonly kind: 'skip' }
  | { readonly kind: 'invalid'; readonly error: unknown }
  | {
      readonly kind: 'event';
      readonly event: CloudEvent;
      readonly subscription: Subscription;
      readonly batch?: TransactionalApply;
    };

interface Pending {
  readonly message: KafkaMessage;
  readonly event: CloudEvent;
  readonly subscription: Subscription;
  /** The event's own handler in batch form (a run mixes the handlers of one consumer). */
  readonly batch?: TransactionalApply;
}

const defaultRetry: RetryPolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 5000 };

/** What committing offsets needs from a batch's payload; it acts on the consumer group, not the batch. */
type OffsetCommitter = Pick<EachBatchPayload, 'commitOffsetsIfNecessary' | 'uncommittedOffsets'>;

/**
 * Consumes the topics of its subscriptions. Each message is decoded as a CloudEvent, validated
 * against its contract and handed to its handler; failures are retried with exponential backoff
 * and then dead-lettered with the error, so a poison message never blocks its partition — except
 * infrastructure outages (isTransientError), which are retried until the database is back.
 * Event types the consumer has no handler for are acknowledged and skipped.
 *
 * Under load a fetch brings several events of a partition at once: consecutive events whose
 * handlers come from exactlyOnce with the same transaction runner (and lockFirst) are applied in
 * ONE transaction (one inbox statement, one commit), in partition order. If that transaction
 * fails, nothing of it stays and the events are taken again one by one, with the retries and
 * dead-lettering above.
 *
 * Offsets are committed at most once per offsetCommitIntervalMs (and when stopping), not after
 * every batch as kafkajs would: a commit per batch was an extra broker round trip per event and hop,
 * ~35 % of the stack's CPU per order under load (docs/benchmarks.md). Events handled but not yet
 * committed come again after a crash or a rebalance; the inbox (exactlyOnce) makes that a no-op.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly byType: Map<string, Subscription>;
  private readonly retry: RetryPolicy;
  private readonly logger: LoggerLike;
  private readonly commitIntervalMs: number;
  private committer: OffsetCommitter | undefined;
  private commitTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.consumer = options.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.byType = new Map(options.subscriptions.map((s) => [s.definition.type, s]));
    this.retry = { ...defaultRetry, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    this.commitIntervalMs = options.offsetCommitIntervalMs ?? 1000;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return [
      ...new Set(
        this.options.subscriptions.map((s) => namespacedTopic(s.definition.topic, this.options.topicNamespace)),
      ),
    ];
  }

  async start(): Promise<void> {
    await this.options.deadLetters.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
      eachBatchAutoResolve: false,
      autoCommit: false,
      autoCommitInterval: this.commitIntervalMs,
      eachBatch: async (payload) => {
        this.committer = payload;
        await this.handleBatch(payload);
        // A batch finished while stopping commits at once; otherwise when the interval has passed.
        if (payload.isRunning()) await payload.commitOffsetsIfNecessary();
        else await this.commitHandled();
      },
    });
    // A partition that goes quiet still gets its last offsets committed (and consumer lag reads 0).
    this.commitTimer = setInterval(() => void this.commitHandled(), this.commitIntervalMs);
    this.commitTimer.unref();
  }

  /** Finishes the messages in hand, commits their offsets and leaves the group. */
  async stop(): Promise<void> {
    clearInterval(this.commitTimer);
    await this.commitHandled();
    await this.consumer.disconnect();
  }

  /** Commits the offsets of the events handled since the last commit, if any. */
  private async commitHandled(): Promise<void> {
    const committer = this.committer;
    if (!committer) return;
    const offsets = committer.uncommittedOffsets();
    if (offsets.topics.every((t) => t.partitions.length === 0)) return;
    try {
      await committer.commitOffsetsIfNecessary(offsets);
    } catch (err) {
      // A rebalance under way: the events come again to the partition's next owner, and change nothing there.
      this.logger.debug(
        { err, groupId: this.options.groupId },
        'could not commit offsets; their events will be redelivered',
      );
    }
  }

  /** Resolves once the consumer has joined its group and been given partitions. */
  waitUntilJoined(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer ${this.options.groupId} did not join in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        remove();
        resolve();
      });
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const maxRun = this.options.maxEventsPerTransaction ?? 20;
    let run: Required<Pending>[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const pending = run;
      run = [];
      if (pending.length > 1 && (await this.applyTogether(topic, partition, pending))) {
        for (const { message } of pending) this.processed(topic, 'batch', message);
        resolveOffset(pending.at(-1)!.message.offset);
        await heartbeat();
        return;
      }
      for (const item of pending) {
        await this.processOne(topic, partition, item);
        resolveOffset(item.message.offset);
        await heartbeat();
      }
    };

    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = this.decode(message);
      if (decoded.kind === 'event' && decoded.batch && maxRun > 1) {
        const previous = run.at(-1)?.batch;
        const sameRun =
          previous?.runInTransaction === decoded.batch.runInTransaction &&
          previous.consumer === decoded.batch.consumer &&
          previous.lockFirst === decoded.batch.lockFirst;
        if (!sameRun || run.length >= maxRun) await flush();
        run.push({ message, event: decoded.event, subscription: decoded.subscription, batch: decoded.batch });
        continue;
      }
      await flush();
      if (decoded.kind === 'invalid') await this.deadLetter(topic, partition, message, decoded.error, 0);
      else if (decoded.kind === 'event')
        await this.processOne(topic, partition, { message, event: decoded.event, subscription: decoded.subscription });
      resolveOffset(message.offset);
      // Sent only when the heartbeat interval has passed: a long fetch handled one by one keeps the group.
      await heartbeat();
    }
    if (isRunning() && !isStale()) await flush();
  }

  /** Decodes a message as a CloudEvent and validates it against its contract. */
  private decode(message: KafkaMessage): Decoded {
    try {
      const event = fromKafkaMessage(message.headers, message.value);
      const subscription = this.byType.get(event.type);
      if (!subscription) return { kind: 'skip' };
      const parsed = subscription.definition.schema.safeParse(event.data);
      if (!parsed.success) throw new PermanentError(`payload does not match ${event.type}: ${parsed.error.message}`);
      const batch = transactionalApplyOf(subscription.handle);
      return { kind: 'event', event: { ...event, data: parsed.data }, subscription, ...(batch ? { batch } : {}) };
    } catch (error) {
      return { kind: 'invalid', error };
    }
  }

  /**
   * Applies a run of events in one transaction, each with its own handler (they share the
   * transaction runner and the inbox). False (and nothing kept) if any of them failed.
   */
  private async applyTogether(
    topic: string,
    partition: number,
    pending: readonly Required<Pending>[],
  ): Promise<boolean> {
    try {
      await applyRun(pending, ({ message, event }, apply) => inConsumerSpan(topic, message, event, apply));
      return true;
    } catch (error) {
      this.logger.debug(
        { err: error, topic, partition, events: pending.length },
        'batch failed; applying its events one by one',
      );
      return false;
    }
  }

  private async processOne(topic: string, partition: number, { message, event, subscription }: Pending): Promise<void> {
    await inConsumerSpan(topic, message, event, () =>
      this.handleWithRetry(subscription, event, topic, partition, message),
    );
    this.processed(topic, 'single', message);
  }

  private processed(topic: string, mode: 'batch' | 'single', message: KafkaMessage): void {
    this.options.onProcessed?.(topic, mode, Math.max(0, Date.now() - Number(message.timestamp)) / 1000);
  }

  private async handleWithRetry(
    subscription: Subscription,
    event: CloudEvent,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<void> {
    let delay = this.retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await subscription.handle(event);
        return;
      } catch (error) {
        const permanent = error instanceof PermanentError;
        // An outage is not the message's fault: keep trying (the partition waits), never dead-letter.
        const outage = !permanent && isTransientError(error);
        if (permanent || (!outage && attempt >= this.retry.attempts)) {
          trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          await this.deadLetter(topic, partition, message, error, attempt);
          return;
        }
        this.logger.warn(
          { err: error, topic, partition, offset: message.offset, eventId: event.id, attempt, outage },
          'event handler failed; retrying',
        );
        await sleep(delay);
        delay = Math.min(delay * 2, this.retry.maxDelayMs);
      }
    }
  }

  /** Throws if the DLQ is unreachable, so the message is redelivered rather than lost. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const record = deadLetterRecord({ topic, partition, message, error, attempts, groupId: this.options.groupId });
    this.logger.error(
      {
        topic,
        partition,
        offset: message.offset,
        reason: record.headers.dlq_reason,
        error: record.headers.dlq_error,
        eventId: headerString(message.headers, 'ce_id'),
      },
      'event dead-lettered',
    );
    await this.options.deadLetters.publish([record]);
    this.options.onDeadLetter?.(topic, deadLetterReason(error));
  }
}
