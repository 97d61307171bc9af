// A real local inbox (maildev) on free ports for one test file; messages read through its HTTP API.

import { afterAll, beforeAll } from 'vitest';
import { freePort } from '#infra/local/dynamodb-local.ts';
import { type LocalInbox, startInbox } from '#infra/local/inbox.ts';

export function useInbox(): LocalInbox {
  const inbox = {} as LocalInbox;
  beforeAll(async () => {
    Object.assign(inbox, await startInbox({ smtpPort: await freePort(), webPort: await freePort() }));
  });
  afterAll(async () => {
    await inbox.stop?.();
  });
  return inbox;
}

/** Polls the inbox until `count` mails match (SMTP delivery is asynchronous on the server side). */
export async function waitForMails(
  inbox: LocalInbox,
  match: (m: Awaited<ReturnType<LocalInbox['mails']>>[number]) => boolean,
  count = 1,
  timeoutMs = 5000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await inbox.mails()).filter(match);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}
