import type { Admin, Kafka } from 'kafkajs';

interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
}

/**
 * How a new topic survives a broker's loss: how many brokers hold a copy of each partition, and how
 * many copies must have a write before it is acknowledged (the producer asks for all, `acks: -1`).
 */
export interface TopicDurability {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** One broker (development, tests): one copy, and that copy acknowledges. */
export const singleBrokerDurability: TopicDurability = { replicationFactor: 1, minInsyncReplicas: 1 };

/** Durability settings the cluster cannot give; `setting` names the one at fault. */
export class TopicSettingsError extends Error {
  override readonly name = 'TopicSettingsError';
  constructor(
    readonly setting: keyof TopicDurability,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Refused before anything is created: the broker would refuse a replication factor above its broker
 * count topic by topic, and a topic whose min.insync.replicas exceeds its copies refuses every write.
 */
function checkDurability({ replicationFactor, minInsyncReplicas }: TopicDurability, brokers: number): void {
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1)
    throw new TopicSettingsError('replicationFactor', `replication factor must be 1 or more, not ${replicationFactor}`);
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)
    throw new TopicSettingsError(
      'minInsyncReplicas',
      `min.insync.replicas must be between 1 and the replication factor ${replicationFactor}, not ${minInsyncReplicas}`,
    );
  if (replicationFactor > brokers)
    throw new TopicSettingsError(
      'replicationFactor',
      `replication factor ${replicationFactor} needs ${replicationFactor} brokers; the cluster has ${brokers}`,
    );
}

/** Which names to act on: the ones listed, and every one starting with `prefix`. */
interface NameSelection {
  readonly names?: readonly string[];
  readonly prefix?: string;
}

async function withAdmin<R>(kafka: Kafka, work: (admin: Admin) => Promise<R>): Promise<R> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

const isSelected = (selection: NameSelection) => {
  const listed = new Set(selection.names ?? []);
  return (name: string): boolean =>
    listed.has(name) || (selection.prefix !== undefined && name.startsWith(selection.prefix));
};

/**
 * Creates the topics that do not exist yet with `durability`; existing ones are left as they are
 * (their partitions, replicas and min.insync.replicas included).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicToCreate[],
  durability: TopicDurability = singleBrokerDurability,
): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      checkDurability(durability, (await admin.describeCluster()).brokers.length);
      const configEntries = [{ name: 'min.insync.replicas', value: String(durability.minInsyncReplicas) }];
      // Not kafkajs's waitForLeaders: it gives up with UNKNOWN_TOPIC_OR_PARTITION when the broker's
      // metadata trails the controller that created the topics, as it does when several create at once.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: durability.replicationFactor,
          configEntries,
        })),
      });
      await untilListed(
        admin,
        missing.map((t) => t.name),
      );
    }
    return missing.map((t) => t.name);
  });
}

async function untilListed(admin: Admin, names: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = new Set(await admin.listTopics());
    const unlisted = names.filter((name) => !listed.has(name));
    if (unlisted.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`topics created but not listed by the broker after ${timeoutMs} ms: ${unlisted.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Deletes the selected topics that exist and waits until the broker has deleted them (or `timeoutMs`
 * passed). Only existing ones are asked for: kafkajs retries an unknown topic for seconds.
 */
export async function deleteTopics(kafka: Kafka, selection: NameSelection, timeoutMs = 15_000): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const selected = (await admin.listTopics()).filter(isSelected(selection));
    if (selected.length > 0) await admin.deleteTopics({ topics: selected, timeout: timeoutMs });
    return selected;
  });
}

const GROUP_ID_NOT_FOUND = 69;

/** kafkajs's DeleteGroups error, when every group it names was gone already. */
const onlyGroupsAlreadyGone = (error: unknown): boolean => {
  const groups = (error as { groups?: readonly { errorCode?: number }[] }).groups;
  return groups !== undefined && groups.every((g) => g.errorCode === GROUP_ID_NOT_FOUND);
};

/**
 * Deletes the selected consumer groups, so their offsets leave __consumer_offsets. Only groups without
 * members can go. A listed group can vanish before it is deleted (the broker drops an empty group
 * whose offsets all belonged to deleted topics): that counts as deleted.
 */
export async function deleteConsumerGroups(kafka: Kafka, selection: NameSelection): Promise<string[]> {
  return withAdmin(kafka, async (admin) => {
    const selected = (await admin.listGroups()).groups.map((g) => g.groupId).filter(isSelected(selection));
    if (selected.length === 0) return selected;
    try {
      await admin.deleteGroups(selected);
    } catch (error) {
      if (!onlyGroupsAlreadyGone(error)) throw error;
    }
    return selected;
  });
}
