import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startMailSink } from './mail-sink.js';

/** A plain nodemailer client, as the notification service's mailer is one. */
function clientOf(port: number) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, connectionTimeout: 2000 });
  return {
    send: (mail: { to: string; subject: string; text: string; html: string; messageId: string }) =>
      transport.sendMail({ from: 'Shop <no-reply@shop.local>', ...mail }),
    close: () => transport.close(),
  };
}

describe('local SMTP mail sink', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('receives over real SMTP from nodemailer, keeps the message in memory and as an .eml file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-sink-'));
    const sink = await startMailSink({ port: 0, directory: dir });
    const mailer = clientOf(sink.port);
    try {
      await mailer.send({
        to: 'ada@example.com',
        subject: 'Hi',
        text: 'plain body',
        html: '<p>html body</p>',
        messageId: '<n-1@notifications.shop.local>',
      });
      const mail = await sink.waitFor((m) => m.subject === 'Hi');
      expect(mail).toMatchObject({
        from: 'no-reply@shop.local',
        to: ['ada@example.com'],
        messageId: '<n-1@notifications.shop.local>',
        html: '<p>html body</p>',
      });
      expect(mail.text.trim()).toBe('plain body');
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      expect(await readFile(join(dir, files[0]!), 'utf8')).toContain('Subject: Hi');
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  it('as the development sink (nothing kept in memory), still writes every message as an .eml file', async () => {
    const own = await mkdtemp(join(tmpdir(), 'mail-sink-files-'));
    const sink = await startMailSink({ port: 0, directory: own, keepInMemory: false });
    const mailer = clientOf(sink.port);
    try {
      for (const subject of ['One', 'Two'])
        await mailer.send({
          to: 'ada@example.com',
          subject,
          text: 'body',
          html: '<p>body</p>',
          messageId: `<${subject}@notifications.shop.local>`,
        });
      const files = (await readdir(own)).sort();
      expect(files).toHaveLength(2);
      const contents = await Promise.all(files.map((f) => readFile(join(own, f), 'utf8')));
      expect(contents.map((c) => /^Subject: (\w+)/m.exec(c)?.[1]).sort()).toEqual(['One', 'Two']);
      expect(sink.messages()).toEqual([]);
    } finally {
      mailer.close();
      await sink.close();
      await rm(own, { recursive: true, force: true });
    }
  });

  it('listens on loopback only', async () => {
    await expect(startMailSink({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});
