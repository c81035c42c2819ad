import { describe, expect, it } from 'vitest';
import { idempotencyCheckOf } from './idempotency.js';

describe('what writing an order under an Idempotency-Key means for the request', () => {
  const hash = 'a'.repeat(64);
  const otherHash = 'b'.repeat(64);
  const body = { order_id: 'o' };

  it('is a new request when the order was written', () => {
    expect(idempotencyCheckOf({ kind: 'inserted' }, hash)).toEqual({ kind: 'new' });
  });

  it('is a conflict while another request holds the key', () => {
    expect(idempotencyCheckOf({ kind: 'key-in-flight' }, hash).kind).toBe('conflict');
  });

  it('replays the stored response for the same request', () => {
    expect(idempotencyCheckOf({ kind: 'key-stored', requestHash: hash, statusCode: 201, body }, hash)).toEqual({
      kind: 'replay',
      statusCode: 201,
      body,
    });
  });

  it('is a conflict for the same key with a different request', () => {
    expect(idempotencyCheckOf({ kind: 'key-stored', requestHash: otherHash, statusCode: 201, body }, hash).kind).toBe(
      'conflict',
    );
  });
});
