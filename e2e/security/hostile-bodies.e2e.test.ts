import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '@shop/testing';
import { admin, call, newCustomer } from '../support/api.js';
import type { Stack } from '../support/stack.js';
import { badRequestCodes, expectEnvelope, rawCall } from './support/hostile.js';
import { startSecurityStack } from './support/security-stack.js';
import {
  bodyOperations,
  concretePath,
  describeOperation,
  objectSchemasOf,
  servedOperations,
  type ServedOperation,
} from './support/served-operations.js';

const json = { 'content-type': 'application/json' };

/**
 * Bodies no client should send, on every operation with a body the services serve (read from their
 * own /openapi.json): over the size limit → 413, nested 10,000 levels deep → 400 (and the service
 * still answers), bytes that are not UTF-8 → 400, a media type other than JSON → 415, a field the
 * contract does not name → 400. Each answer is in the error envelope, and no handler acts on it.
 */
describe('hostile request bodies', () => {
  let stack: Stack;
  let operations: ServedOperation[];
  let customerOfRecord: Record<string, string>;

  beforeAll(async () => {
    stack = await startSecurityStack(9200);
    operations = bodyOperations(await servedOperations(stack));
    const email = `bodies-${randomUUID()}@example.com`;
    const password = 'correct horse battery staple';
    const users = stack.url('user-service');
    expect((await call(users, 'POST', '/api/v1/auth/register', {}, { email, password })).status).toBe(201);
    const login = await call(users, 'POST', '/api/v1/auth/login', {}, { email, password });
    customerOfRecord = bearer(login.body.access_token as string);
  }, 240_000);
  afterAll(() => stack?.stop());

  /** A caller the operation lets as far as reading its body: the account's owner, a customer, or admin. */
  const callerOf = (operation: ServedOperation): Record<string, string> => {
    if (operation.path.startsWith('/api/v1/auth/')) return {};
    if (operation.path.startsWith('/api/v1/users/me')) return customerOfRecord;
    if (operation.service === 'order-service' && operation.method === 'POST' && operation.path === '/api/v1/orders') {
      return newCustomer().headers;
    }
    return admin;
  };
  const send = (operation: ServedOperation, body: string | Buffer, headers: Record<string, string> = json) =>
    rawCall(
      stack.url(operation.service),
      operation.method,
      concretePath(operation),
      { ...callerOf(operation), ...headers },
      body,
    );

  it('every operation with a body of every service is covered', () => {
    expect(operations.map(describeOperation)).toEqual(
      expect.arrayContaining([
        'inventory-service POST /api/v1/products',
        'inventory-service PATCH /api/v1/products/{id}',
        'inventory-service POST /api/v1/products/{id}/stock',
        'order-service POST /api/v1/orders',
        'order-service POST /api/v1/orders/{id}/cancel',
        'order-service PATCH /api/v1/orders/{id}/status',
        'user-service POST /api/v1/auth/register',
        'user-service PATCH /api/v1/users/me',
        'user-service PATCH /api/v1/users/{id}/role',
      ]),
    );
  });

  it('a body over the size limit is 413 in the envelope, on every operation', async () => {
    const oversized = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    for (const operation of operations) {
      const answer = await send(operation, oversized);
      expect(answer.status, describeOperation(operation)).toBe(413);
      expectEnvelope(answer, 413);
    }
  });

  it('JSON nested 10,000 or 100,000 levels deep is 400 in the envelope; the service answers on', async () => {
    for (const operation of operations) {
      for (const depth of [10_000, 100_000]) {
        for (const body of [
          `${'['.repeat(depth)}${']'.repeat(depth)}`,
          `{"attributes":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
        ]) {
          const answer = await send(operation, body);
          expect(answer.status, `${describeOperation(operation)} depth ${depth}`).toBe(400);
          expectEnvelope(answer, 400, badRequestCodes);
        }
      }
      expect((await fetch(`${stack.url(operation.service)}/health`)).status).toBe(200);
    }
  });

  it('a JSON body whose bytes are not UTF-8 is 400 in the envelope, on every operation', async () => {
    for (const operation of operations) {
      for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80]]) {
        const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from(bad), Buffer.from('"}')]);
        const answer = await send(operation, body);
        expect(answer.status, describeOperation(operation)).toBe(400);
        expectEnvelope(answer, 400, badRequestCodes);
      }
    }
  });

  it('a body in any media type but JSON is 415 in the envelope, on every operation', async () => {
    const others = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data'];
    for (const operation of operations) {
      for (const type of others) {
        const answer = await send(operation, '{"name":"x"}', { 'content-type': type });
        expect(answer.status, `${describeOperation(operation)} as ${type}`).toBe(415);
        expectEnvelope(answer, 415);
      }
    }
  });

  it('a field the contract does not name is 400 naming it, on every operation (strict bodies)', async () => {
    for (const operation of operations) {
      const answer = await send(operation, JSON.stringify({ injected_field: true }));
      expectEnvelope(answer, 400, ['VALIDATION_ERROR']);
      expect(JSON.stringify(answer.json), describeOperation(operation)).toContain('injected_field');
    }
    for (const poisoned of ['{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"role":"admin"}}}']) {
      for (const operation of operations) expectEnvelope(await send(operation, poisoned), 400, badRequestCodes);
    }
  });

  it('every object in every body schema is closed: no unnamed field is let through at any depth', () => {
    const open: string[] = [];
    for (const operation of operations) {
      for (const { at, schema } of objectSchemasOf(operation.bodySchema!)) {
        const isMap = typeof schema.additionalProperties === 'object'; // a record keyed by the client, by design
        if (!isMap && schema.additionalProperties !== false) open.push(`${describeOperation(operation)} ${at}`);
      }
    }
    expect(open).toEqual([]);
  });
});
