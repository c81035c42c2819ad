// The development mail sink: `npm start -w @shop/mail-sink`.
import { resolve } from 'node:path';
import { z } from 'zod';
import { startMailSink } from './mail-sink.js';

const config = z
  .object({
    MAIL_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    MAIL_SINK_HOST: z.string().default('127.0.0.1'),
    /** Where received messages land as .eml files: <repo>/.data/mail by default. */
    MAIL_SINK_DIR: z.string().default(resolve(import.meta.dirname, '../../../.data/mail')),
  })
  .parse(process.env);

const sink = await startMailSink({
  port: config.MAIL_SINK_PORT,
  host: config.MAIL_SINK_HOST,
  directory: config.MAIL_SINK_DIR,
  keepInMemory: false,
});
console.log(`mail sink listening on ${sink.host}:${sink.port}, writing .eml files to ${config.MAIL_SINK_DIR}`);

const stop = () => {
  void sink.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
