import { describe, expect, it } from 'vitest';
import { parseCommand } from './arguments.js';
import { UsageError, NotFoundError } from './cli-errors.js';
import { markerKey, type DeadLetter, type RedriveMarker } from './dead-letter.js';
import { planRedrives, redriveHeaders, redriveMarkers, redriveMessage } from './redrive-message.js';
import type { TopicRecord } from './read-topics.js';
import { deadLetterTopics } from './topic-names.js';

const topics = deadLetterTopics('orders.events', 'ns');
const original = {
  ce_specversion: '1.0',
  ce_id: '7b0c1a52-2b8e-4b8e-9a53-5b8f3c0d9e11',
  ce_type: 'com.shop.order.placed.v1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'content-type': 'application/json',
};
const dlqHeaders = {
  dlq_reason: 'handler_failed',
  dlq_error: 'Error: boom',
  dlq_attempts: '5',
  dlq_source_topic: 'ns.orders.events',
  dlq_source_partition: '3',
  dlq_source_offset: '41',
  dlq_consumer_group: 'inventory-service',
  dlq_failed_at: '2026-01-01T00:00:00.000Z',
};

let nextOffset = 0;
const record = (headers: Record<string, string>): TopicRecord => ({
  topic: topics.deadLetters,
  partition: 0,
  offset: String(nextOffset++),
  key: 'order-1',
  value: '{"order_id":"order-1"}',
  headers,
});
const redriveOf = (r: TopicRecord, count = 1): RedriveMarker => ({
  dlq_partition: r.partition,
  dlq_offset: r.offset,
  event_id: r.headers.ce_id ?? null,
  republished_to: 'ns.orders.events',
  redrive_count: count,
  redriven_at: '2026-01-02T00:00:00.000Z',
});
const letter = (headers: Record<string, string>, redriven = 0): DeadLetter => {
  const r = record(headers);
  return { record: r, redrives: Array.from({ length: redriven }, (_, i) => redriveOf(r, i + 1)) };
};

describe('redrive headers', () => {
  it('gives back the original headers without the dlq_* ones, counting the first redrive', () => {
    expect(redriveHeaders(letter({ ...original, ...dlqHeaders }))).toEqual({ ...original, dlq_redrive_count: '1' });
  });

  it('keeps headers of other writers that are not dlq_* (the mail sender adds its own)', () => {
    const headers = { ...original, ...dlqHeaders, notification_id: 'n-1' };
    expect(redriveHeaders(letter(headers))).toMatchObject({ notification_id: 'n-1' });
  });

  it('counts on from an event that came back with a count, and from earlier redrives of the same record', () => {
    const cameBack = { ...original, ...dlqHeaders, dlq_redrive_count: '2' };
    expect(redriveHeaders(letter(cameBack)).dlq_redrive_count).toBe('3');
    expect(redriveHeaders(letter(cameBack, 2)).dlq_redrive_count).toBe('5');
    expect(redriveHeaders(letter({ ...original, dlq_redrive_count: 'garbage' })).dlq_redrive_count).toBe('1');
  });

  it('sends it to the topic it came from, with its key and value, or to the one the .dlq is named after', () => {
    const dead = letter({ ...original, ...dlqHeaders, dlq_source_topic: 'elsewhere.events' });
    expect(redriveMessage(dead, topics)).toMatchObject({
      topic: 'elsewhere.events',
      key: dead.record.key,
      value: dead.record.value,
    });
    expect(redriveMessage(letter(original), topics).topic).toBe('ns.orders.events');
  });
});

describe('which dead letters a redrive takes', () => {
  const event = (id: string, headers: Record<string, string> = {}) => ({
    ...original,
    ...dlqHeaders,
    ce_id: id,
    ...headers,
  });

  it('--all takes the ones not redriven yet, one message per event even when several groups dead-lettered it', () => {
    const byInventory = letter(event('a'));
    const byNotification = letter(event('a', { dlq_consumer_group: 'notification-service' }));
    const done = letter(event('b'), 1);
    const malformed = letter({ dlq_reason: 'malformed', dlq_source_topic: 'ns.orders.events' });
    const plans = planRedrives([byInventory, byNotification, done, malformed], { all: true }, topics);
    expect(plans.map((p) => [p.eventId, p.settles])).toEqual([
      ['a', [byInventory, byNotification]],
      [undefined, [malformed]],
    ]);
  });

  it('--id takes the event pending, or again once redriven; an unknown id is not found', () => {
    const redriven = letter(event('C'), 1);
    expect(planRedrives([redriven], { eventId: 'c' }, topics)[0]!.settles).toEqual([redriven]);
    const failedAgain = letter(event('c', { dlq_redrive_count: '1' }));
    expect(planRedrives([redriven, failedAgain], { eventId: 'c' }, topics)[0]!.settles).toEqual([failedAgain]);
    expect(() => planRedrives([redriven], { eventId: 'd' }, topics)).toThrow(NotFoundError);
  });

  it('marks every record the message settles, by its partition and offset', () => {
    const first = letter(event('e'));
    const second = letter(event('e'));
    const [plan] = planRedrives([first, second], { eventId: 'e' }, topics);
    const markers = redriveMarkers(plan!, topics, new Date('2026-01-03T00:00:00.000Z'));
    expect(markers.map((m) => [m.topic, m.key])).toEqual([
      [topics.redriven, markerKey(0, first.record.offset)],
      [topics.redriven, markerKey(0, second.record.offset)],
    ]);
    expect(JSON.parse(markers[0]!.value)).toMatchObject({ event_id: 'e', redrive_count: 1 });
  });
});

describe('command line', () => {
  it('accepts the source topic or its .dlq, in the namespace', () => {
    expect(deadLetterTopics('orders.events.dlq', 'ns')).toEqual(topics);
    expect(topics).toEqual({
      source: 'ns.orders.events',
      deadLetters: 'ns.orders.events.dlq',
      redriven: 'ns.orders.events.dlq.redriven',
    });
    expect(() => deadLetterTopics('orders.events.dlq.redriven')).toThrow(UsageError);
  });

  it('parses the three commands', () => {
    expect(parseCommand(['list', '--topic', 't'])).toEqual({ name: 'list', topic: 't' });
    expect(parseCommand(['show', '--topic', 't', '--id', 'x'])).toEqual({ name: 'show', topic: 't', eventId: 'x' });
    expect(parseCommand(['redrive', '--topic', 't', '--all', '--dry-run'])).toEqual({
      name: 'redrive',
      topic: 't',
      selection: { all: true },
      dryRun: true,
    });
  });

  it.each([
    [[]],
    [['purge', '--topic', 't']],
    [['list']],
    [['list', '--topic', 't', '--all']],
    [['show', '--topic', 't']],
    [['redrive', '--topic', 't']],
    [['redrive', '--topic', 't', '--id', 'x', '--all']],
    [['redrive', '--topic', 't', '--all', '--force']],
  ])('refuses %j as a usage error', (args) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
  });
});
