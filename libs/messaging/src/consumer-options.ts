import type { Kafka } from 'kafkajs';
import type { LoggerLike } from './logger.js';
import type { EventPublisher } from './publisher.js';
import type { RetryPolicy, Subscription } from './subscription.js';

export interface EventConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly subscriptions: readonly Subscription[];
  /** Where failed messages go: `<topic>.dlq`. */
  readonly deadLetters: EventPublisher;
  readonly retry?: Partial<RetryPolicy>;
  readonly logger?: LoggerLike;
  readonly fromBeginning?: boolean;
  readonly partitionsConsumedConcurrently?: number;
  /** Reads `<namespace>.<topic>` (see namespacedTopic); empty in production. */
  readonly topicNamespace?: string;
  /** Called for every message that went to the dead-letter topic because it failed (metrics). */
  readonly onDeadLetter?: (topic: string, reason: string) => void;
  /** Called for every event parked in the dead-letter topic because its type is unknown here (metrics). */
  readonly onParked?: (topic: string, type: string, reason: 'unknown_type') => void;
  /**
   * Called once if the consumer gives up: kafkajs could not retry its crash, or it crashed and did not
   * rejoin its group within giveUpAfterMs. It consumes nothing more; the process should drain and exit.
   */
  readonly onGaveUp?: (error: Error) => void;
  /** How long after a crash the client may keep restarting the consumer before it gives up; default 60 s. */
  readonly giveUpAfterMs?: number;
  /** The group's session timeout (kafkajs default 30 s) and how often the consumer heartbeats (3 s). */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /**
   * Called for every event handled (applied, or dead-lettered after its retries) with how it was
   * taken — in a run sharing one transaction, or alone — and the seconds from the broker's append
   * to the end of its handling (metrics: how stale each consumer's view is).
   */
  readonly onProcessed?: (topic: string, mode: 'batch' | 'single', delaySeconds: number) => void;
  /** The most events of one partition applied in one transaction (see exactlyOnce); 1 turns batching off. */
  readonly maxEventsPerTransaction?: number;
  /** How often handled events' offsets are committed to the broker (see commitHandled); default 1000 ms. */
  readonly offsetCommitIntervalMs?: number;
}
