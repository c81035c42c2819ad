import { createPublicKey, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OrderPlaced } from './events/order.events.js';
import {
  cardTokenKeyId,
  generateCardTokenKeyPair,
  openCardToken,
  parseCardTokenPrivateKeys,
  parseCardTokenPublicKey,
  sealCardToken,
  SealedCardToken,
} from './sealed-card-token.js';

const pair = () => {
  const pem = generateCardTokenKeyPair();
  return {
    publicKey: parseCardTokenPublicKey(pem.publicKey),
    privateKeys: parseCardTokenPrivateKeys(pem.privateKey),
    pem,
  };
};
const flip = (value: string) => (value.startsWith('A') ? 'B' : 'A') + value.slice(1);

describe('sealed card tokens', () => {
  const current = pair();
  const orderId = randomUUID();
  const token = `tok_visa_4242_${randomUUID()}`;

  it('round-trips for the holder of the private key, and the envelope shows nothing of the token', () => {
    const sealed = sealCardToken(token, current.publicKey, orderId);
    expect(SealedCardToken.parse(sealed)).toEqual(sealed);
    expect(JSON.stringify(sealed)).not.toContain(token);
    expect(openCardToken(sealed, current.privateKeys, orderId)).toEqual({ ok: true, token });
  });

  it('seals the same token differently every time (a fresh ephemeral key and IV)', () => {
    const [a, b] = [sealCardToken(token, current.publicKey, orderId), sealCardToken(token, current.publicKey, orderId)];
    expect(a.epk).not.toBe(b.epk);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it.each(['epk', 'iv', 'ciphertext', 'tag'] as const)('refuses a token whose %s was tampered with', (field) => {
    const sealed = sealCardToken(token, current.publicKey, orderId);
    expect(openCardToken({ ...sealed, [field]: flip(sealed[field]) }, current.privateKeys, orderId)).toEqual({
      ok: false,
      reason: 'unreadable',
    });
  });

  it('refuses a token moved to another order', () => {
    const sealed = sealCardToken(token, current.publicKey, orderId);
    expect(openCardToken(sealed, current.privateKeys, randomUUID())).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('refuses an unknown kid, and a kid relabelled to a key that is held', () => {
    const other = pair();
    const sealed = sealCardToken(token, other.publicKey, orderId);
    expect(openCardToken(sealed, current.privateKeys, orderId)).toEqual({ ok: false, reason: 'unknown_key' });
    const relabelled = { ...sealed, kid: cardTokenKeyId(current.publicKey) };
    expect(openCardToken(relabelled, current.privateKeys, orderId)).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('opens with any key held while keys rotate: the kid picks it', () => {
    const next = pair();
    const both = parseCardTokenPrivateKeys(`${current.pem.privateKey}\n${next.pem.privateKey}`);
    expect([...both.keys()]).toEqual([cardTokenKeyId(current.publicKey), cardTokenKeyId(next.publicKey)]);
    for (const { publicKey } of [current, next]) {
      expect(openCardToken(sealCardToken(token, publicKey, orderId), both, orderId)).toEqual({ ok: true, token });
    }
  });

  it('names a key by its public half, so both services agree on the kid', () => {
    const [privateKey] = current.privateKeys.values();
    expect(cardTokenKeyId(createPublicKey(privateKey!))).toBe(cardTokenKeyId(current.publicKey));
  });

  it('refuses keys of another kind, and no keys at all', () => {
    expect(() => parseCardTokenPrivateKeys('')).toThrow(/PEM private keys/);
    expect(() => parseCardTokenPublicKey('not a key')).toThrow();
  });

  it('is what OrderPlaced carries, and OrderPlaced refuses a token in clear', () => {
    const event = {
      order_id: orderId,
      user_id: randomUUID(),
      items: [{ product_id: randomUUID(), quantity: 1, unit_price_cents: 100 }],
      total_cents: 100,
      currency: 'USD',
    };
    const sealed = sealCardToken(token, current.publicKey, orderId);
    expect(
      OrderPlaced.schema.safeParse({ ...event, payment_method: { type: 'card', sealed_token: sealed } }).success,
    ).toBe(true);
    expect(OrderPlaced.schema.safeParse({ ...event, payment_method: { type: 'card', token } }).success).toBe(false);
  });
});
