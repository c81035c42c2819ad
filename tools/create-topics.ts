import { createKafka, ensureTopics, TopicSettingsError } from '@shop/messaging';
import { ConfigError, parseConfig, topicDurabilityVariables, topicSetup, topicSetupConfigSchema } from '@shop/runtime';

// The counts in libs/contracts are a scaled-out deployment's. A deployment with fewer consumer
// replicas caps them (KAFKA_MAX_PARTITIONS): every partition is work for the broker on every fetch
// (kafkajs sends the whole partition list each time), and an event's run of neighbours in its
// partition, which a consumer applies in one transaction, gets shorter (docs/benchmarks.md).
// Copies per partition and acknowledging copies: KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS.
try {
  const config = parseConfig(topicSetupConfigSchema, process.env);
  const { topics, durability } = topicSetup(config);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'create-topics' });
  const created = await ensureTopics(kafka, topics, durability);
  console.log(created.length ? `created topics: ${created.join(', ')}` : 'topics: all present');
} catch (error) {
  // A setting the cluster cannot give is the operator's to fix: say which variable, without a stack.
  if (error instanceof TopicSettingsError)
    console.error(`create-topics: ${topicDurabilityVariables[error.setting]}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(`create-topics: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
