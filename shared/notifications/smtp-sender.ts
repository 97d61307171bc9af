// Adapter: the local sender — over SMTP with nodemailer to maildev's inbox (npm start, tests),
// SMS included as a mail marked SMS. Only the local runtime and tests import it: the Lambda
// sends through AWS (senders.ts), so nodemailer (~45 ms of init, most of the sweep's bundle)
// is never in a function's bundle.

import { onFirstUse, type Sender } from './senders.ts';

/** The local inbox marks an SMS by this header and a "[SMS]" subject. */
export const SMS_HEADER = 'x-omnistore-channel';

/** SMTP (maildev locally, or any relay): e-mail as is; SMS as a mail to <number>@sms.localhost marked SMS. */
export function smtpSender(options: { host?: string; port: number; from?: string; timeoutMs?: number }): Sender {
  const transport = onFirstUse(async () =>
    (await import('nodemailer')).createTransport({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: options.timeoutMs ?? 5000,
      greetingTimeout: options.timeoutMs ?? 5000,
      socketTimeout: options.timeoutMs ?? 5000,
    }),
  );
  const from = options.from ?? 'omnistore <notifications@omnistore.localhost>';
  return {
    async send(m) {
      const sms = m.channel === 'sms';
      await (await transport()).sendMail({
        from,
        to: sms ? `${m.to.replace(/[^0-9]/g, '')}@sms.localhost` : m.to,
        subject: sms ? `[SMS] to ${m.to}` : m.subject,
        text: m.text,
        headers: { [SMS_HEADER]: m.channel, 'x-omnistore-message-id': m.messageId },
      });
    },
  };
}
