import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the sink received it: envelope, parsed headers and both parts, and the raw source. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly messageId: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
  readonly receivedAt: Date;
}

export interface MailSinkOptions {
  /** 0 picks a free port (tests); default 2525. */
  readonly port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  readonly host?: string;
  /** Also write every message as `<time>-<n>.eml` here (development). */
  readonly directory?: string;
  /**
   * Parse every message and keep it for messages() and waitFor() (default). The development sink,
   * a process of its own, turns this off: nobody can ask it, and parsing and keeping every mail cost
   * CPU and memory without bound under load. It then only writes the files.
   */
  readonly keepInMemory?: boolean;
}

export interface MailSink {
  readonly port: number;
  readonly host: string;
  messages(): readonly ReceivedMail[];
  /** Resolves with the first message matching, waiting for it up to the timeout. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  close(): Promise<void>;
}

const fileName = (receivedAt: Date, n: number) => `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${n}.eml`;

const loopback = (host: string) =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/**
 * A local SMTP server for development and tests: loopback only, no TLS, no auth; it accepts
 * every message and keeps it (in memory, and as .eml files when given a directory).
 */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  if (!loopback(host)) throw new Error(`mail sink listens on loopback only, not ${host}`);
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let counter = 0;
  if (options.directory) await mkdir(options.directory, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'shop mail sink',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const message = Buffer.concat(chunks);
        const receivedAt = new Date();
        void (async () => {
          // A few kB written at once: three system calls, where fs/promises made three thread-pool
          // round trips with their handles and promises (a third of the sink's CPU under load).
          if (options.directory) writeFileSync(join(options.directory, fileName(receivedAt, ++counter)), message);
          if (options.keepInMemory === false) return;
          const raw = message.toString('utf8');
          const parsed = await simpleParser(raw);
          const envelopeFrom = session.envelope.mailFrom;
          const mail: ReceivedMail = {
            from: envelopeFrom ? envelopeFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            raw,
            receivedAt,
          };
          received.push(mail);
          for (const wake of waiters) wake();
        })().then(
          () => callback(),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 2525, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 2525);

  return {
    port,
    host,
    messages: () => [...received],
    clear: () => {
      received.length = 0;
    },
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(onMail);
          resolve(found);
          return true;
        };
        const onMail = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(onMail);
          reject(new Error(`no matching mail in ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        if (!check()) waiters.add(onMail);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
