/**
 * npm run asyncapi — the AsyncAPI 3 document of every event, generated from libs/contracts (the
 * zod schemas, topics and CloudEvents types) into docs/asyncapi.json. `--check` fails when stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { eventCatalogue, topicSpecs } from '@shop/contracts';

const ceHeaders = {
  type: 'object',
  description: 'CloudEvents 1.0, Kafka binary binding; W3C traceparent/tracestate ride along.',
  required: ['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_subject', 'ce_time'],
  properties: {
    ce_specversion: { const: '1.0' },
    ce_id: { type: 'string', format: 'uuid' },
    ce_type: { type: 'string' },
    ce_source: { type: 'string', description: 'the publishing service' },
    ce_subject: { type: 'string', description: 'the aggregate id, also the message key' },
    ce_time: { type: 'string', format: 'date-time' },
    ce_correlationid: { type: 'string', description: 'the order id, for saga events' },
    ce_causationid: { type: 'string', description: 'the id of the event that caused this one' },
    traceparent: { type: 'string' },
  },
};

const messageName = (type: string) =>
  type.replace(/^com\.shop\./, '').replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase());
const messages = Object.fromEntries(
  [...eventCatalogue.values()].map((d) => [
    messageName(d.type),
    {
      name: d.type,
      title: d.type,
      contentType: 'application/json',
      headers: ceHeaders,
      payload: z.toJSONSchema(d.schema, { io: 'input' }),
    },
  ]),
);
const document = {
  asyncapi: '3.0.0',
  info: {
    title: 'Shop order platform events',
    version: '1.0.0',
    description: 'Generated from libs/contracts by tools/asyncapi.ts. Do not edit.',
  },
  defaultContentType: 'application/json',
  servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka' } },
  channels: Object.fromEntries(
    topicSpecs.map((t) => [
      t.name,
      {
        address: t.name,
        description: `${t.partitions} partitions, keyed by aggregate id; failures go to ${t.name}.dlq`,
        messages: Object.fromEntries(
          [...eventCatalogue.values()]
            .filter((d) => d.topic === t.name)
            .map((d) => [messageName(d.type), { $ref: `#/components/messages/${messageName(d.type)}` }]),
        ),
      },
    ]),
  ),
  components: { messages },
};

const text = `${JSON.stringify(document, null, 2)}\n`;
const file = 'docs/asyncapi.json';
if (process.argv.includes('--check')) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    console.error(`${file} is out of date — run npm run asyncapi`);
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file} (${Object.keys(messages).length} events)`);
}
