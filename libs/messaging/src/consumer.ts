import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { namespacedTopic } from '@shop/contracts';
import type { CloudEvent } from './cloud-event.js';
import { deadLetterReason, sendToDeadLetters, type UnknownEventTypeError } from './dead-letter.js';
import type { RetryPolicy, Subscription } from './subscription.js';
import { silentLogger, type LoggerLike } from './logger.js';
import { applyRun, type TransactionalApply } from './inbox.js';
import { inConsumerSpan } from './consumer-span.js';
import type { EventConsumerOptions } from './consumer-options.js';
import { ConsumerLiveness } from './consumer-liveness.js';
import { EventDecoder } from './event-decoder.js';
import { handleWithRetry } from './handler-retry.js';

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
 * infrastructure outages (isTransientError), which are retried until the database is back. While a
 * handler waits out an outage it keeps heartbeating, so the group keeps its member and does not
 * rebalance.
 *
 * Types a consumer deliberately does not handle are declared (`ignoring`) and acknowledged unread.
 * Any other type it has no subscription for — one it never heard of, or a newer version of one it
 * handles, from a producer deployed before it — is parked: written to `<topic>.dlq` with
 * `dlq_reason: unknown_type` (onParked counts it), to be redriven once a consumer that knows it runs.
 * Nothing is skipped unseen.
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
 *
 * A crash of the client (its retries of the broker ran out) makes the consumer not ready
 * (assertConsuming throws) until it has rejoined its group; one that cannot rejoin within
 * giveUpAfterMs, or whose crash cannot be retried, gives up (onGaveUp): see ConsumerLiveness.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly decoder: EventDecoder;
  private readonly liveness: ConsumerLiveness;
  private readonly retry: RetryPolicy;
  private readonly logger: LoggerLike;
  private readonly commitIntervalMs: number;
  private readonly heartbeatIntervalMs: number;
  private committer: OffsetCommitter | undefined;
  private commitTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
    this.decoder = new EventDecoder(options.subscriptions);
    this.liveness = new ConsumerLiveness({
      groupId: options.groupId,
      giveUpAfterMs: options.giveUpAfterMs ?? 60_000,
      logger: this.logger,
      onGaveUp: options.onGaveUp,
    });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      heartbeatInterval: this.heartbeatIntervalMs,
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
      // kafkajs's own default for a consumer's retries of each broker request.
      retry: { retries: 5, restartOnFailure: this.liveness.restartOnFailure },
    });
    this.liveness.watch(this.consumer);
    this.retry = { ...defaultRetry, ...options.retry };
    this.commitIntervalMs = options.offsetCommitIntervalMs ?? 1000;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    const handled = this.options.subscriptions.filter((s) => !s.ignored);
    return [...new Set(handled.map((s) => namespacedTopic(s.definition.topic, this.options.topicNamespace)))];
  }

  /** Throws while the consumer is not consuming: crashed and not yet back in its group, or given up. */
  assertConsuming(): void {
    this.liveness.assertConsuming();
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
        await this.processOne(topic, partition, item, heartbeat);
        resolveOffset(item.message.offset);
        await heartbeat();
      }
    };

    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = this.decoder.decode(message);
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
      else if (decoded.kind === 'unknown') await this.park(topic, partition, message, decoded.error);
      else if (decoded.kind === 'event') {
        const { event, subscription } = decoded;
        await this.processOne(topic, partition, { message, event, subscription }, heartbeat);
      }
      resolveOffset(message.offset);
      // Sent only when the heartbeat interval has passed: a long fetch handled one by one keeps the group.
      await heartbeat();
    }
    if (isRunning() && !isStale()) await flush();
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

  private async processOne(
    topic: string,
    partition: number,
    { message, event, subscription }: Pending,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    await inConsumerSpan(topic, message, event, async () => {
      const failure = await handleWithRetry(() => subscription.handle(event), {
        policy: this.retry,
        heartbeat,
        heartbeatIntervalMs: this.heartbeatIntervalMs,
        logger: this.logger,
        logContext: { topic, partition, offset: message.offset, eventId: event.id },
      });
      if (!failure) return;
      trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: String(failure.error) });
      await this.deadLetter(topic, partition, message, failure.error, failure.attempts);
    });
    this.processed(topic, 'single', message);
  }

  private processed(topic: string, mode: 'batch' | 'single', message: KafkaMessage): void {
    this.options.onProcessed?.(topic, mode, Math.max(0, Date.now() - Number(message.timestamp)) / 1000);
  }

  /** Parks an event of a type this consumer does not know in the DLQ, whence it can be redriven. */
  private async park(topic: string, partition: number, message: KafkaMessage, error: UnknownEventTypeError) {
    const failed = { topic, partition, message, error, attempts: 0, groupId: this.options.groupId };
    await sendToDeadLetters(this.options.deadLetters, this.logger, failed, 'event parked: its type is unknown here');
    this.options.onParked?.(topic, error.type, 'unknown_type');
  }

  /** Throws if the DLQ is unreachable, so the message is redelivered rather than lost. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const failed = { topic, partition, message, error, attempts, groupId: this.options.groupId };
    await sendToDeadLetters(this.options.deadLetters, this.logger, failed, 'event dead-lettered');
    this.options.onDeadLetter?.(topic, deadLetterReason(error));
  }
}
