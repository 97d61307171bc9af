// Use cases: notify a customer of something (one message per channel their preferences and
// consents allow, condition-written so an event handled twice sends once), and deliver one
// message (claimed by one sweep, sent, then recorded sent — or retried with backoff and
// finally recorded failed; never silently lost).

import { ulid } from 'ulid';
import { scheduleTimer } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { claimMessage, type MessageRecord, putNewMessage, readRecipient, settleMessage } from './repository.ts';
import { allowedChannels, type Category, defaultPreferences, deliveryTime, nextAttemptAt, SEND_LEASE_MS } from './rules.ts';
import type { Sender } from './senders.ts';
import { type MessageKind, render, type TemplateData, timelineSummary } from './templates.ts';

export type Notice = {
  customerId: string;
  /** What it is about, unique per occasion (an event id, a reminder and its time): the message's id. */
  sourceId: string;
  kind: MessageKind;
  category?: Category;
  data: Omit<TemplateData, 'name'>;
  ref: Record<string, string>;
  /** After this it would be pointless (the deadline, the appointment's start). */
  notAfter?: string;
};

export const SEND_ACTION = 'notifications.send';
export const sendTimerId = (m: Pick<MessageRecord, 'customerId' | 'messageId'>) => `notify-send#${m.customerId}#${m.messageId}`;
const scheduleSend = (deps: Deps, m: Pick<MessageRecord, 'customerId' | 'messageId'>, at: Date) =>
  scheduleTimer(deps, {
    timerId: sendTimerId(m),
    action: SEND_ACTION,
    dueAt: at.toISOString(),
    payload: { customerId: m.customerId, messageId: m.messageId },
  });

/**
 * 1. Read the customer's profile and preferences (no profile: erased, nothing to send).
 * 2. Decide the channels (consent, preferences, an address for each) and when (quiet hours;
 *    dropped if pointless by then); render the text in their language.
 * 3. Per channel: write the message record once (condition: none for this occasion and
 *    channel); send now, or schedule its send timer for the end of the quiet hours.
 */
export async function notify(deps: Deps, sender: Sender, notice: Notice): Promise<void> {
  const { profile, preferences } = await readRecipient(deps, notice.customerId);
  if (!profile) return;
  const contact = { email: profile.identities.email, phone: profile.identities.phone };
  const prefs = preferences ?? defaultPreferences(contact, notice.data.timeZone);
  const channels = allowedChannels({
    preferences: prefs,
    contact,
    category: notice.category ?? 'transactional',
    marketingConsent: profile.consents?.marketing?.granted ?? false,
  });
  const now = deps.clock.now();
  const when = deliveryTime(now, prefs, notice.notAfter ? new Date(notice.notAfter) : undefined);
  const { subject, text } = render(notice.kind, prefs.language, { ...notice.data, ...(profile.name ? { name: profile.name } : {}) });

  await Promise.all(
    channels.map(async (channel) => {
      const record: MessageRecord = {
        messageId: `${notice.sourceId}:${channel}`,
        customerId: notice.customerId,
        kind: notice.kind,
        channel,
        status: 'drop' in when ? 'dropped' : 'scheduled',
        to: (channel === 'email' ? contact.email : contact.phone) as string,
        subject,
        text,
        createdAt: now.toISOString(),
        sendAt: ('sendAt' in when ? when.sendAt : now).toISOString(),
        attempts: 0,
        ref: notice.ref,
        ...('drop' in when ? { reason: when.drop } : {}),
        ...(notice.notAfter ? { notAfter: new Date(notice.notAfter).toISOString() } : {}),
      };
      await putNewMessage(deps, record);
      if ('drop' in when) return;
      if (when.sendAt > now) await scheduleSend(deps, record, when.sendAt);
      else await deliverMessage(deps, sender, record);
    }),
  );
}

/**
 * 1. Claim the message (due, waiting, or its last claim lapsed): one sweep wins.
 * 2. Send it.
 * 3. Sent: recorded with a timeline entry (subject and channel, never the text). Failed:
 *    retried at 1, 5, 25 minutes (its send timer first, then the record), then recorded
 *    `failed` with a timeline entry.
 */
export async function deliverMessage(deps: Deps, sender: Sender, key: Pick<MessageRecord, 'customerId' | 'messageId'>): Promise<void> {
  const now = deps.clock.now();
  const claimed = await claimMessage(deps, key, {
    nowIso: now.toISOString(),
    leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString(),
    leaseId: ulid(now.getTime()),
  });
  if (!claimed) return;
  const attempts = claimed.attempts + 1;
  try {
    await sender.send({
      channel: claimed.channel,
      to: claimed.to,
      subject: claimed.subject,
      text: claimed.text,
      messageId: claimed.messageId,
    });
  } catch (error) {
    const reason = (error as Error).message.slice(0, 200);
    const next = nextAttemptAt(attempts, now);
    if (next && !(claimed.notAfter && next.toISOString() >= claimed.notAfter)) {
      deps.logger.warn('message not sent; retried later', { messageId: claimed.messageId, attempts, retryAt: next.toISOString(), reason });
      await scheduleSend(deps, claimed, next);
      await settleMessage(deps, claimed, { status: 'retrying', attempts, atIso: now.toISOString(), sendAt: next.toISOString(), reason });
      return;
    }
    deps.logger.error('message failed for good', { messageId: claimed.messageId, attempts, reason });
    await settleMessage(
      deps,
      claimed,
      { status: 'failed', attempts, atIso: now.toISOString(), reason },
      { summary: timelineSummary(claimed.channel, claimed.subject, 'failed') },
    );
    return;
  }
  await settleMessage(
    deps,
    claimed,
    { status: 'sent', attempts, atIso: now.toISOString() },
    { summary: timelineSummary(claimed.channel, claimed.subject, 'sent') },
  );
}
