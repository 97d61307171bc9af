// Local runtime: a real SMTP server with a web inbox (maildev) — where `npm start` and the
// tests send notifications. E-mail arrives as sent; an SMS arrives as a mail to
// <number>@sms.localhost, subject "[SMS] to <number>", header x-omnistore-channel: sms.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDev } from 'maildev';
import { LocalSetupError } from './dynamodb-local.ts';

export type InboxMail = {
  id: string;
  subject: string;
  text: string;
  to: Array<{ address: string }>;
  headers: Record<string, string>;
  time: string;
};

export type LocalInbox = {
  smtpPort: number;
  webUrl: string;
  /** Every mail received, oldest first (maildev's HTTP API). */
  mails: () => Promise<InboxMail[]>;
  stop: () => Promise<void>;
};

export async function startInbox(options: { smtpPort: number; webPort: number }): Promise<LocalInbox> {
  const mailDirectory = await mkdtemp(join(tmpdir(), 'omnistore-inbox-'));
  const maildev = new MailDev({
    smtp: options.smtpPort,
    web: options.webPort,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    silent: true,
    mailDirectory,
  } as ConstructorParameters<typeof MailDev>[0]);
  try {
    await maildev.start();
  } catch (error) {
    await rm(mailDirectory, { recursive: true, force: true });
    throw new LocalSetupError(
      `The local inbox could not start on SMTP ${options.smtpPort} / web ${options.webPort} (${(error as Error).message}): free the ports or set SMTP_PORT / INBOX_PORT.`,
    );
  }
  const webUrl = `http://localhost:${options.webPort}`;
  return {
    smtpPort: options.smtpPort,
    webUrl,
    mails: async () => (await (await fetch(`http://127.0.0.1:${options.webPort}/api/email`)).json()) as InboxMail[],
    stop: async () => {
      await maildev.stop();
      await rm(mailDirectory, { recursive: true, force: true });
    },
  };
}
