import { connect } from 'node:net';

/** What came back on the wire, byte for byte, and its first response parsed. */
export interface WireAnswer {
  readonly raw: string;
  readonly status: number;
  /** Header names lower-cased, each with every value it was given. */
  readonly headers: Map<string, string[]>;
  /** How many status lines the bytes hold: a split response holds more than one. */
  readonly statusLines: number;
  readonly body: string;
}

/**
 * Sends `head` (a request line and headers, CR/LF or whatever bytes a test wants in them) exactly as
 * given, on a connection of its own, and reads until the server closes it. `fetch` would refuse to send
 * most of what these tests send.
 */
export function sendRaw(base: string, head: string, body = ''): Promise<WireAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer within 30 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseWire(Buffer.concat(chunks).toString('latin1'))));
    // Written, not ended: a half-closed connection may be taken for a client that went away.
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body, 'utf8')]));
  });
}

function parseWire(raw: string): WireAnswer {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, end < 0 ? raw.length : end).split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return {
    raw,
    status: Number(statusLine.split(' ')[1]),
    headers,
    statusLines: raw.match(/(^|\r\n|\n)HTTP\/1\.[01] \d{3}/g)?.length ?? 0,
    body: end < 0 ? '' : raw.slice(end + 4),
  };
}

/** A request head with `Connection: close`, so that the server's close ends the answer. */
export const requestHead = (method: string, path: string, headers: readonly string[]) =>
  [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers, '', ''].join('\r\n');
