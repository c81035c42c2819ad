import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '@shop/contracts';
import { signAccessToken } from '@shop/testing';
import { createProduct, shippingAddress } from '../support/api.js';
import type { Stack } from '../support/stack.js';
import { requestHead, sendRaw, type WireAnswer } from './support/raw-http.js';
import { startSecurityStack } from './support/security-stack.js';

const servicesUnderTest: ServiceName[] = ['user-service', 'inventory-service', 'order-service'];
const generatedId = /^req_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const injected = 'x-injected';

/**
 * Header injection (docs/security.md): the services echo X-Request-Id on every answer and reflect
 * Idempotency-Key and Prefer into what they answer. Sent on the wire exactly as an attacker would —
 * CR, LF and CRLF inside the values, control characters, bytes that are not ASCII, values too long —
 * none of them splits the response or adds a header, and an X-Request-Id that is not a plain token
 * is replaced by one the service makes, never echoed.
 */
describe('header injection', () => {
  let stack: Stack;
  const customerToken = signAccessToken({ roles: ['customer'] });

  /** A valid order, so that the order service gets as far as reflecting Idempotency-Key and Prefer. */
  let order: string;

  beforeAll(async () => {
    stack = await startSecurityStack(9500, {}, servicesUnderTest);
    const productId = await createProduct(stack, { name: 'Header probe', price: 1, stock: 1_000 });
    order = JSON.stringify({
      items: [{ product_id: productId, quantity: 1 }],
      shipping_address: shippingAddress,
      payment_method: { type: 'card', token: 'tok_visa_4242' },
    });
  }, 240_000);
  afterAll(() => stack?.stop());

  /** One status line, no header the attacker named, and the request id a plain token. */
  const expectUnsplit = (answer: WireAnswer, context: string) => {
    expect(answer.statusLines, `${context}\n${answer.raw.slice(0, 600)}`).toBe(1);
    expect(answer.headers.has(injected), context).toBe(false);
    expect(answer.headers.has('set-cookie'), context).toBe(false);
    expect(answer.status, context).toBeLessThan(500);
  };
  const requestIdOf = (answer: WireAnswer) => answer.headers.get('x-request-id') ?? [];

  it('a plain X-Request-Id is echoed, on every service (positive control)', async () => {
    for (const service of servicesUnderTest) {
      const answer = await sendRaw(stack.url(service), requestHead('GET', '/health', ['X-Request-Id: trace-1.2_3:4']));
      expect(requestIdOf(answer), service).toEqual(['trace-1.2_3:4']);
    }
  });

  it('an over-long, non-printable or non-token X-Request-Id is replaced by a generated one, never echoed', async () => {
    const unacceptable = [
      'a'.repeat(129),
      'a'.repeat(8_000),
      'abc def',
      'abc\tdef',
      'abc%0d%0aSet-Cookie:%20session=stolen',
      '<script>alert(1)</script>',
      'ünïcødé',
      '\u00ff\u00fe',
      'abc;x-injected=1',
    ];
    for (const service of servicesUnderTest) {
      for (const value of unacceptable) {
        const answer = await sendRaw(
          stack.url(service),
          requestHead('GET', '/api/v1/nowhere', [`X-Request-Id: ${value}`]),
        );
        const context = `${service} X-Request-Id ${JSON.stringify(value.slice(0, 40))}`;
        expectUnsplit(answer, context);
        expect(requestIdOf(answer), context).toHaveLength(1);
        expect(requestIdOf(answer)[0], context).toMatch(generatedId);
        // The envelope names the same, generated id.
        expect(JSON.parse(answer.body).error.request_id, context).toBe(requestIdOf(answer)[0]);
      }
    }
  });

  it('CR, LF or CRLF inside an echoed or reflected header cannot split the answer or add a header', async () => {
    const breaks = ['\r\n', '\n', '\r', '\r\n\r\n', '\r\n '];
    const attempts = (name: string) =>
      breaks.flatMap((cut) => [
        `${name}: abc${cut}${injected}: 1`,
        `${name}: abc${cut}Set-Cookie: session=stolen`,
        `${name}: abc${cut}HTTP/1.1 200 OK${cut}${injected}: 1`,
      ]);
    const body = order;
    for (const service of servicesUnderTest) {
      for (const header of [...attempts('X-Request-Id'), ...attempts('Idempotency-Key'), ...attempts('Prefer')]) {
        const head = requestHead('POST', '/api/v1/orders', [
          `Authorization: Bearer ${customerToken}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          header,
        ]);
        const answer = await sendRaw(stack.url(service), head, body);
        const context = `${service} ${JSON.stringify(header)}`;
        expectUnsplit(answer, context);
        for (const id of requestIdOf(answer)) expect(id, context).not.toContain(injected);
      }
    }
  });

  it('control characters in a header are refused or replaced, never echoed', async () => {
    for (const service of servicesUnderTest) {
      for (const control of ['\u0000', '\u0001', '\u001b[31m', '\u007f', '\u000b', '\u000c']) {
        const value = `abc${control}def`;
        const answer = await sendRaw(stack.url(service), requestHead('GET', '/health', [`X-Request-Id: ${value}`]));
        const context = `${service} X-Request-Id ${JSON.stringify(value)}`;
        expectUnsplit(answer, context);
        for (const id of requestIdOf(answer)) expect(id, context).toMatch(generatedId);
      }
    }
  });

  it('a header block that is not HTTP is answered 4xx, and the service goes on answering', async () => {
    for (const service of servicesUnderTest) {
      for (const head of ['GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 'GET /he alth HTTP/1.1\r\n\r\n']) {
        const answer = await sendRaw(stack.url(service), head);
        expect(answer.status, `${service} ${JSON.stringify(head)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      expect((await fetch(`${stack.url(service)}/health`)).status).toBe(200);
    }
  });
});
