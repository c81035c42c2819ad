import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { fixKafkajsIdleTimer } from './kafkajs-idle-timer.js';
import { silentLogger, type LoggerLike } from './logger.js';

fixKafkajsIdleTimer();

interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: LoggerLike;
}

// Expected with our settings, not problems: we use the default partitioner on purpose, and the
// producer's bounded retries are backed by the outbox (a failed batch is re-sent, the inbox dedupes).
const expectedWarnings = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** Routes kafkajs's own logs into the service's logger. */
function routeLogs(logger: LoggerLike): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...rest } = log;
      const entry = { component: 'kafkajs', ...rest };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN && !expectedWarnings.some((re) => re.test(message))) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
}

/** The one place the platform builds its Kafka client, so the library can be swapped here. */
export function createKafka(config: KafkaClientConfig): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    logCreator: routeLogs(config.logger ?? silentLogger),
    retry: { initialRetryTime: 100, retries: 8 },
  };
  return new Kafka(options);
}

export type { Kafka } from 'kafkajs';
