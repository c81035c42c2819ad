import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** The one place the platform builds its Kafka client, so the library can be swapped here. */
export function createKafka(config: KafkaClientConfig): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
  };
  return new Kafka(options);
}

export type { Kafka } from 'kafkajs';
