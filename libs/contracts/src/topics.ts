/**
 * Kafka topics of the platform: one per publishing service, keyed by aggregate id, and the audit
 * trail every service reports its sensitive operations to (keyed by the target's id).
 */
export const Topics = {
  users: 'users.events',
  inventory: 'inventory.events',
  orders: 'orders.events',
  payments: 'payments.events',
  notifications: 'notifications.events',
  audit: 'audit.events',
} as const;

interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/** Saga topics get more partitions: they carry every order's events and scale the consumers out. */
export const topicSpecs: readonly TopicSpec[] = [
  { name: Topics.users, partitions: 3 },
  { name: Topics.inventory, partitions: 12 },
  { name: Topics.orders, partitions: 12 },
  { name: Topics.payments, partitions: 12 },
  { name: Topics.notifications, partitions: 3 },
  { name: Topics.audit, partitions: 3 },
];

/** Where a consumer sends what it could not handle; one per source topic. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

const deadLetterSpecs: readonly TopicSpec[] = topicSpecs.map((t) => ({
  name: deadLetterTopic(t.name),
  partitions: 1,
}));

/**
 * Topics live under an optional namespace (`<namespace>.<topic>`): empty in production, unique per
 * test run so that tests on one broker never read each other's events.
 */
export const namespacedTopic = (topic: string, namespace = ''): string => (namespace ? `${namespace}.${topic}` : topic);

export const allTopicSpecs = (namespace = '', partitions?: number): TopicSpec[] =>
  [...topicSpecs, ...deadLetterSpecs].map((t) => ({
    name: namespacedTopic(t.name, namespace),
    partitions: partitions ?? t.partitions,
  }));
