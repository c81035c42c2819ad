import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { CloudEvent } from './cloud-event.js';
import { stringHeaders } from './dead-letter.js';
import { contextFromHeaders } from './trace-context.js';

const tracer = trace.getTracer('@shop/messaging');

/** Runs work in a consumer span that continues the producer's trace (from the message headers). */
export function inConsumerSpan(
  topic: string,
  message: KafkaMessage,
  event: CloudEvent,
  work: () => Promise<void>,
): Promise<void> {
  const parent = contextFromHeaders(stringHeaders(message.headers));
  return context.with(parent, () =>
    tracer.startActiveSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.message.id': event.id,
          'cloudevents.event_type': event.type,
          ...orderIdOf(event),
        },
      },
      async (span) => {
        try {
          await work();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}

/** Every saga event names its order: `order.id` finds the order's trace in the trace backend. */
function orderIdOf(event: CloudEvent): { 'order.id'?: string } {
  const orderId = (event.data as { order_id?: unknown } | null)?.order_id;
  return typeof orderId === 'string' ? { 'order.id': orderId } : {};
}
