// Adapter: how a message leaves — one interface; in AWS e-mail through SES v2 and SMS through
// AWS End User Messaging (SMS v2), here. Locally (and in tests) the SMTP sender
// (smtp-sender.ts) sends to maildev's inbox instead; it is its own file, which no function
// imports, so nodemailer stays out of the Lambda bundle. Each AWS client is loaded and built
// on the first message it sends, once per process: a sweep with nothing to send (most
// minutes) never loads them (~35 ms of module init for the two); the first send pays it.

import * as z from 'zod';
import type { Channel } from './schemas.ts';

export type OutgoingMessage = { channel: Channel; to: string; subject: string; text: string; messageId: string };
export type Sender = { send: (message: OutgoingMessage) => Promise<void> };

/** A value built on first use, once (a failed build is tried again next time). */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= build().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
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
});

/** The Lambda's sender: SES / End User Messaging, configured by the environment. */
export function senderFromEnv(source: NodeJS.ProcessEnv = process.env): Sender {
  const config = env.parse(source);
  return awsSender({
    from: config.NOTIFY_FROM,
    configurationSet: config.SES_CONFIGURATION_SET,
    smsConfigurationSet: config.SMS_CONFIGURATION_SET,
    smsOrigin: config.SMS_ORIGINATION_IDENTITY,
  });
}
