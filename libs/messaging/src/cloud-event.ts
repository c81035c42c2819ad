import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';

/**
 * A CloudEvents 1.0 event as it travels in the Kafka binary binding: attributes as `ce_*`
 * headers, the JSON payload as the value, the aggregate id as the key.
 */
export interface CloudEvent<T = unknown> {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly data: T;
}

interface NewEvent<T = unknown> {
  readonly type: string;
  readonly subject: string;
  readonly data: T;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly id?: string;
  readonly time?: Date;
}

const SPEC_VERSION = '1.0';
const CONTENT_TYPE = 'application/json';

export function createCloudEvent<T>(source: string, event: NewEvent<T>): CloudEvent<T> {
  return {
    id: event.id ?? randomUUID(),
    type: event.type,
    source,
    subject: event.subject,
    time: (event.time ?? new Date()).toISOString(),
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    ...(event.causationId ? { causationId: event.causationId } : {}),
    data: event.data,
  };
}

/** The binary-mode headers of an event, plus any transport headers (trace context). */
export function toKafkaHeaders(event: CloudEvent, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ce_specversion: SPEC_VERSION,
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_subject: event.subject,
    ce_time: event.time,
    ...(event.correlationId ? { ce_correlationid: event.correlationId } : {}),
    ...(event.causationId ? { ce_causationid: event.causationId } : {}),
    'content-type': CONTENT_TYPE,
    ...extra,
  };
}

export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads a Kafka message back into a CloudEvent; the payload is parsed but not yet validated. */
export function fromKafkaMessage(headers: IHeaders | undefined, value: Buffer | null): CloudEvent<unknown> {
  const required = (name: string): string => {
    const v = headerString(headers, name);
    if (!v) throw new MalformedEventError(`missing header ${name}`);
    return v;
  };
  const specVersion = required('ce_specversion');
  if (specVersion !== SPEC_VERSION) throw new MalformedEventError(`unsupported ce_specversion ${specVersion}`);
  const attributes = {
    id: required('ce_id'),
    type: required('ce_type'),
    source: required('ce_source'),
    subject: required('ce_subject'),
    time: required('ce_time'),
  };
  if (!value) throw new MalformedEventError('empty message value');
  let data: unknown;
  try {
    data = JSON.parse(value.toString('utf8'));
  } catch {
    throw new MalformedEventError('message value is not JSON');
  }
  const correlationId = headerString(headers, 'ce_correlationid');
  const causationId = headerString(headers, 'ce_causationid');
  return {
    ...attributes,
    ...(correlationId ? { correlationId } : {}),
    ...(causationId ? { causationId } : {}),
    data,
  };
}
