import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createTestSchema, type TestSchema } from '@shop/testing';
import { contextFromHeaders, messagingMigrationsDir, OutboxWriter } from './index.js';
import { sqlOn } from '@shop/persistence';
import { thingHappened } from './test-support/fixtures.js';

/** One trace across services: the W3C context of the writer's span rides in the outbox row to the consumer. */
describe('trace context through the outbox', () => {
  let db: TestSchema;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    db = await createTestSchema('trace', [messagingMigrationsDir]);
  });
  afterAll(async () => {
    await db.drop();
    propagation.disable();
    context.disable();
  });

  it('stores traceparent with the event and restores the same trace on the consumer side', async () => {
    const span = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    };
    const writer = new OutboxWriter('trace-test', db.schema);
    const client = await db.pool.connect();
    try {
      await context.with(trace.setSpanContext(context.active(), span), () =>
        writer.add(sqlOn(client), thingHappened('test.trace'), { subject: 'k', data: { key: 'k', seq: 1 } }),
      );
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT headers FROM outbox');
    expect(rows[0].headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    const restored = trace.getSpanContext(contextFromHeaders(rows[0].headers));
    expect(restored).toMatchObject({ traceId: span.traceId, spanId: span.spanId, isRemote: true });
  });
});
