import { describe, expect, it } from 'vitest';
import { eventCatalogue, topicSpecs, deadLetterTopic } from '../index.js';

describe('event catalogue', () => {
  it('gives every event a versioned CloudEvents type on a known topic', () => {
    const topics = new Set(topicSpecs.map((t) => t.name));
    expect(eventCatalogue.size).toBeGreaterThan(10);
    for (const [type, definition] of eventCatalogue) {
      expect(type).toMatch(/^com\.shop\.[a-z]+\.[a-z-]+\.v\d+$/);
      expect(topics.has(definition.topic)).toBe(true);
    }
  });

  it('names the dead-letter topic after its source', () => {
    expect(deadLetterTopic('orders.events')).toBe('orders.events.dlq');
  });
});
