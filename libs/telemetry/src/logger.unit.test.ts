import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, redactedValue, secretLogKeys } from './logger.js';

/** A logger whose lines the test reads back, written at once. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('redaction-test', 'trace', {}, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const secret = (kind: string) => `${kind}-${randomUUID()}`;

/** Logs `fields` once and returns the line: it must still be a log line, with its message. */
function logged(fields: object): { text: string; line: Record<string, unknown> } {
  const { logger, lines } = capturedLogger();
  logger.error(fields, 'the logged message');
  expect(lines).toHaveLength(1);
  const text = lines[0]!;
  const line = JSON.parse(text) as Record<string, unknown>;
  expect(line.msg).toBe('the logged message');
  return { text, line };
}

describe('createLogger redaction', () => {
  it.each(secretLogKeys)('redacts %s at the top of a log object, one and two levels down', (key) => {
    const values = [secret(key), secret(key), secret(key)];
    const { text, line } = logged({
      [key]: values[0],
      context: { [key]: values[1] },
      req: { headers: { [key]: values[2] } },
    });
    for (const value of values) expect(text).not.toContain(value);
    expect(line[key]).toBe(redactedValue);
    expect((line.context as Record<string, unknown>)[key]).toBe(redactedValue);
  });

  it('redacts request and response headers as the access log and Fastify shape them', () => {
    const bearer = `Bearer ${secret('access')}`;
    const cookie = `session=${secret('cookie')}`;
    const setCookie = `refresh=${secret('set-cookie')}; HttpOnly`;
    const { text, line } = logged({
      reqId: 'req-1',
      req: { method: 'POST', url: '/api/v1/orders', headers: { authorization: bearer, cookie } },
      res: { statusCode: 201, headers: { 'set-cookie': setCookie } },
      headers: { authorization: bearer },
    });
    for (const value of [bearer, cookie, setCookie]) expect(text).not.toContain(value);
    expect(line.req).toMatchObject({
      method: 'POST',
      headers: { authorization: redactedValue, cookie: redactedValue },
    });
    expect(line.res).toMatchObject({ statusCode: 201, headers: { 'set-cookie': redactedValue } });
  });

  it('redacts the card token of an order body and the provider credentials of a config', () => {
    const card = secret('tok_visa');
    const apiKey = secret('provider-key');
    const { text, line } = logged({
      body: { payment_method: { type: 'card', token: card }, provider_token: card },
      config: { PROVIDER_API_KEY: apiKey, apiKey, webhook: { secret: apiKey } },
    });
    expect(text).not.toContain(card);
    expect(text).not.toContain(apiKey);
    expect(line.body).toMatchObject({ payment_method: { type: 'card', token: redactedValue } });
  });

  it('keeps what is not a secret', () => {
    const orderId = randomUUID();
    const { line } = logged({ orderId, route: '/api/v1/orders', status: 400, tokenId: 'not-a-token-value' });
    expect(line).toMatchObject({ orderId, route: '/api/v1/orders', status: 400, tokenId: 'not-a-token-value' });
  });
});

describe('createLogger error serialization', () => {
  it('drops the input a validation error echoes and redacts secrets at any depth of the error', () => {
    const password = secret('password');
    const card = secret('tok');
    const body = { email: 'not-an-email', password, payment_method: { type: 'card', token: card, cvv: 123 } };
    const schema = z
      .object({ email: z.email(), payment_method: z.object({ type: z.literal('card') }).strict() })
      .strict();
    const result = schema.safeParse(body, { reportInput: true });
    expect(result.success).toBe(false);
    const echoed = JSON.stringify(result.error!.issues);
    expect(echoed).toContain(card);
    const failure = Object.assign(new Error('Request validation failed', { cause: result.error }), {
      validation: result.error!.issues,
      details: { request: { body, nested: { deeper: { credentials: { password } } } } },
    });

    const { text, line } = logged({ err: failure });
    expect(text).not.toContain(password);
    expect(text).not.toContain(card);
    expect(line.err).toMatchObject({ type: 'Error' });
    const { message, stack } = line.err as { message: string; stack: string };
    expect(message).toMatch(/^Request validation failed: email: Invalid email address; payment_method: Unrecognized/);
    expect(stack).toContain('caused by: ZodError: email: Invalid email address');
  });

  it('scrubs an error logged under `error` and keeps its message and stack', () => {
    const token = secret('refresh');
    const failure = Object.assign(new Error('could not rotate'), {
      refresh_token: token,
      response: { data: { token } },
    });
    const { text, line } = logged({ error: failure });
    expect(text).not.toContain(token);
    expect(line.error).toMatchObject({ message: 'could not rotate', refresh_token: redactedValue });
    expect(String((line.error as { stack: string }).stack)).toContain('could not rotate');
  });

  it('leaves a message-only error string as it is', () => {
    const { line } = logged({ error: 'broker not available' });
    expect(line.error).toBe('broker not available');
  });
});
