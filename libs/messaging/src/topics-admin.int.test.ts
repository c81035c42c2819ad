import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from './testing.js';
import { deleteTopics, ensureTopics, TopicSettingsError, type TopicDurability } from './topics-admin.js';

/** Topic creation on the real broker, with the durability set-up reads from its configuration. */
describe('ensureTopics with durability settings', () => {
  const kafka = testKafka();
  const prefix = `test.durability.${randomUUID().slice(0, 8)}.`;
  let admin: Admin;
  let brokers: number;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    brokers = (await admin.describeCluster()).brokers.length;
  });
  afterAll(async () => {
    await admin.disconnect();
    await deleteTopics(kafka, { prefix });
  });

  /** What the broker says about each topic: partitions, copies per partition, min.insync.replicas and who set it. */
  async function describeTopics(names: readonly string[]) {
    const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    return names.map((name) => {
      const partitions = topics.find((t) => t.name === name)?.partitions ?? [];
      const entry = resources.find((r) => r.resourceName === name)?.configEntries[0];
      return {
        name,
        partitions: partitions.length,
        replicas: [...new Set(partitions.map((p) => p.replicas.length))],
        minInsyncReplicas: entry?.configValue,
        setOnTheTopic: entry?.configSource === ConfigSource.TOPIC_CONFIG,
      };
    });
  }

  it('creates each topic with its partitions, the replication factor and min.insync.replicas set on it', async () => {
    const durability: TopicDurability = { replicationFactor: brokers, minInsyncReplicas: brokers };
    const topics = [
      { name: `${prefix}wide`, partitions: 4 },
      { name: `${prefix}narrow`, partitions: 1 },
    ];
    expect(await ensureTopics(kafka, topics, durability)).toEqual(topics.map((t) => t.name));
    expect(await describeTopics(topics.map((t) => t.name))).toEqual(
      topics.map((t) => ({
        name: t.name,
        partitions: t.partitions,
        replicas: [durability.replicationFactor],
        minInsyncReplicas: String(durability.minInsyncReplicas),
        setOnTheTopic: true,
      })),
    );
  });

  it('refuses a replication factor the cluster cannot give, naming the setting, and creates nothing', async () => {
    const replicationFactor = Math.max(3, brokers + 1);
    const name = `${prefix}unsatisfiable`;
    const attempt = ensureTopics(kafka, [{ name, partitions: 1 }], { replicationFactor, minInsyncReplicas: 2 });
    await expect(attempt).rejects.toThrow(TopicSettingsError);
    await expect(attempt).rejects.toMatchObject({
      setting: 'replicationFactor',
      message: `replication factor ${replicationFactor} needs ${replicationFactor} brokers; the cluster has ${brokers}`,
    });
    expect(await admin.listTopics()).not.toContain(name);
  });

  it('refuses a min.insync.replicas above the replication factor, which would refuse every write', async () => {
    const name = `${prefix}unwritable`;
    const attempt = ensureTopics(kafka, [{ name, partitions: 1 }], { replicationFactor: 1, minInsyncReplicas: 2 });
    await expect(attempt).rejects.toMatchObject({ name: 'TopicSettingsError', setting: 'minInsyncReplicas' });
    expect(await admin.listTopics()).not.toContain(name);
  });
});
