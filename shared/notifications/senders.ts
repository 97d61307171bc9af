// Adapter: how a message leaves — one interface, three implementations. Locally (and in
// tests) over SMTP with nodemailer to maildev's inbox, SMS included (as a mail marked SMS);
// in AWS e-mail through SES v2 and SMS through AWS End User Messaging (SMS v2). Each client is
// loaded and built on the first message it sends, once per process: a sweep with nothing to
// send (most minutes) never loads them (~35 ms of module init for the two AWS clients,
// ~45 ms for nodemailer, which AWS never uses); the first send pays its client's load.

import * as z from 'zod';
import type { Channel } from './schemas.ts';

export type OutgoingMessage = { channel: Channel; to: string; subject: string; text: string; messageId: string };
export type Sender = { send: (message: OutgoingMessage) => Promise<void> };

/** A value built on first use, once (a failed build is tried again next time). */
function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= build().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}

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

/** SES v2 for e-mail, End User Messaging SMS v2 for text messages. */
export function awsSender(config: { from: string; configurationSet?: string; smsConfigurationSet?: string; smsOrigin?: string }): Sender {
  const ses = onFirstUse(async () => {
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    return { client: new SESv2Client({}), SendEmailCommand };
  });
  const sms = onFirstUse(async () => {
    const { PinpointSMSVoiceV2Client, SendTextMessageCommand } = await import('@aws-sdk/client-pinpoint-sms-voice-v2');
    return { client: new PinpointSMSVoiceV2Client({}), SendTextMessageCommand };
  });
  return {
    async send(m) {
      if (m.channel === 'email') {
        const { client, SendEmailCommand } = await ses();
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: config.from,
            Destination: { ToAddresses: [m.to] },
            Content: { Simple: { Subject: { Data: m.subject }, Body: { Text: { Data: m.text } } } },
            ...(config.configurationSet ? { ConfigurationSetName: config.configurationSet } : {}),
          }),
        );
        return;
      }
      const { client, SendTextMessageCommand } = await sms();
      await client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: m.to,
          MessageBody: m.text,
          MessageType: 'TRANSACTIONAL',
          ...(config.smsOrigin ? { OriginationIdentity: config.smsOrigin } : {}),
          ...(config.smsConfigurationSet ? { ConfigurationSetName: config.smsConfigurationSet } : {}),
        }),
      );
    },
  };
}

const env = z.object({
  NOTIFY_FROM: z.string().min(3).default('notifications@example.com'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  SMS_CONFIGURATION_SET: z.string().min(1).optional(),
  SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().optional(),
  SMTP_HOST: z.string().optional(),
});

/** The sender the environment configures: SMTP when SMTP_PORT is set, SES / End User Messaging otherwise. */
export function senderFromEnv(source: NodeJS.ProcessEnv = process.env): Sender {
  const config = env.parse(source);
  if (config.SMTP_PORT) return smtpSender({ host: config.SMTP_HOST, port: config.SMTP_PORT, from: config.NOTIFY_FROM });
  return awsSender({
    from: config.NOTIFY_FROM,
    configurationSet: config.SES_CONFIGURATION_SET,
    smsConfigurationSet: config.SMS_CONFIGURATION_SET,
    smsOrigin: config.SMS_ORIGINATION_IDENTITY,
  });
}
