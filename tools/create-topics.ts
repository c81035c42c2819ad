import { allTopicSpecs } from '@shop/contracts';
import { createKafka, ensureTopics } from '@shop/messaging';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const created = await ensureTopics(createKafka({ brokers, clientId: 'create-topics' }), allTopicSpecs(process.env.KAFKA_TOPIC_NAMESPACE ?? ''));
console.log(created.length ? `created topics: ${created.join(', ')}` : 'topics: all present');
