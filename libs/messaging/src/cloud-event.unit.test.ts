import { describe, expect, it } from 'vitest';
import { createCloudEvent, fromKafkaMessage, MalformedEventError, toKafkaHeaders } from './cloud-event.js';

const toBuffers = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Buffer.from(v)]));

describe('CloudEvents Kafka binary binding', () => {
  const event = createCloudEvent('order-service', {
    type: 'com.shop.order.placed.v1',
    subject: 'ord-1',
    data: { order_id: 'ord-1', total_cents: 1999 },
    correlationId: 'ord-1',
    causationId: 'evt-0',
    time: new Date('2026-01-02T03:04:05.000Z'),
  });

  it('round-trips attributes as ce_ headers and the payload as the value', () => {
    const headers = toKafkaHeaders(event, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'com.shop.order.placed.v1',
      ce_correlationid: 'ord-1',
      ce_causationid: 'evt-0',
      'content-type': 'application/json',
    });
    expect(fromKafkaMessage(toBuffers(headers), Buffer.from(JSON.stringify(event.data)))).toEqual(event);
  });

  it('rejects a message without the required attributes or with a body that is not JSON', () => {
    const headers = toKafkaHeaders(event);
    const { ce_type: _dropped, ...withoutType } = headers;
    expect(() => fromKafkaMessage(toBuffers(withoutType), Buffer.from('{}'))).toThrow(/missing header ce_type/);
    expect(() => fromKafkaMessage(toBuffers(headers), Buffer.from('{nope'))).toThrow(MalformedEventError);
    expect(() => fromKafkaMessage(toBuffers({ ...headers, ce_specversion: '0.3' }), Buffer.from('{}'))).toThrow(
      /specversion/,
    );
  });
});
