import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

/**
 * How a card token travels from the order service to the payment service (docs/security.md):
 * ECIES over X25519 — an ephemeral key agreed with the payment service's public key, HKDF-SHA256
 * into an AES-256-GCM key — so only the holder of the matching private key can read it. The
 * algorithm, the key id and the order id are authenticated with the ciphertext: a token cannot
 * be moved to another order or relabelled without the GCM tag failing.
 */
export const cardTokenAlgorithm = 'X25519-HKDF-SHA256-A256GCM';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url');

/** A card token sealed for the payment service: what OrderPlaced carries instead of the token. */
export const SealedCardToken = z.object({
  alg: z.literal(cardTokenAlgorithm),
  /** Which of the payment service's keys opens it: the public key's fingerprint (see cardTokenKeyId). */
  kid: z.string().min(1).max(64),
  /** The ephemeral X25519 public key (raw, 32 bytes). */
  epk: base64url,
  iv: base64url,
  ciphertext: base64url,
  tag: base64url,
});
export type SealedCardToken = z.infer<typeof SealedCardToken>;

export type OpenedCardToken =
  { readonly ok: true; readonly token: string } | { readonly ok: false; readonly reason: 'unknown_key' | 'unreadable' };

/** A key's id: its SPKI fingerprint, so a key pair names itself and several can be held while keys rotate. */
export function cardTokenKeyId(publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64url').slice(0, 22);
}

const rawPublicKey = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');

function contentKey(shared: Buffer, epk: Buffer, recipient: Buffer, kid: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipient]), `shop card token ${kid}`, 32));
}

const additionalData = (kid: string, orderId: string): Buffer => Buffer.from(`${cardTokenAlgorithm}|${kid}|${orderId}`);

/** Seals a card token of one order for the holder of `publicKey` (an X25519 key). */
export function sealCardToken(token: string, publicKey: KeyObject, orderId: string): SealedCardToken {
  const kid = cardTokenKeyId(publicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const epk = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', contentKey(shared, epk, rawPublicKey(publicKey), kid), iv);
  cipher.setAAD(additionalData(kid, orderId));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return {
    alg: cardTokenAlgorithm,
    kid,
    epk: epk.toString('base64url'),
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** Opens a sealed token with the private key its `kid` names; refuses an unknown key or anything tampered with. */
export function openCardToken(
  sealed: SealedCardToken,
  privateKeys: ReadonlyMap<string, KeyObject>,
  orderId: string,
): OpenedCardToken {
  const privateKey = privateKeys.get(sealed.kid);
  if (!privateKey) return { ok: false, reason: 'unknown_key' };
  try {
    const epk = Buffer.from(sealed.epk, 'base64url');
    const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: sealed.epk }, format: 'jwk' });
    const shared = diffieHellman({ privateKey, publicKey: ephemeral });
    const recipient = rawPublicKey(createPublicKey(privateKey));
    const key = contentKey(shared, epk, recipient, sealed.kid);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(additionalData(sealed.kid, orderId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const token = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    return { ok: true, token: token.toString('utf8') };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

/** The public key (SPKI PEM) the order service seals with. */
export function parseCardTokenPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'x25519') throw new Error(`expected an X25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

/** The payment service's private keys (one or more PKCS#8 PEM blocks, newest and retiring), by key id. */
export function parseCardTokenPrivateKeys(pems: string): ReadonlyMap<string, KeyObject> {
  const blocks = pems.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('expected one or more PKCS#8 PEM private keys');
  return new Map(
    blocks.map((block) => {
      const key = createPrivateKey(block);
      if (key.asymmetricKeyType !== 'x25519') throw new Error(`expected X25519 keys, got ${key.asymmetricKeyType}`);
      return [cardTokenKeyId(createPublicKey(key)), key];
    }),
  );
}

/** A new key pair as PEM (set-up's development pair, tests, and an operator's rotation). */
export function generateCardTokenKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
