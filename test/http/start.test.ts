// The README's first command: `npm start` brings up DynamoDB Local, demo data, the API and
// the local inbox, prints a token that works — and the demo shows Lucía's ready-for-pickup
// mail in the inbox and in her GET /me/notifications.

import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/dynamodb-local.ts';

let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('npm start', () => {
  it('serves the API with demo data and prints a working demo token; Lucía has her pickup mail', async () => {
    const [port, smtpPort, inboxPort] = [await freePort(), await freePort(), await freePort()];
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      env: { ...process.env, PORT: String(port), SMTP_PORT: String(smtpPort), INBOX_PORT: String(inboxPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += String(d);
    });
    child.stderr!.on('data', (d) => {
      output += String(d);
    });
    const deadline = Date.now() + 90_000;
    while (!/Press Ctrl\+C to stop/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const token = /export TOKEN=(\S+)/.exec(output)?.[1];
    expect(token).toBeDefined();
    const me = await fetch(`http://127.0.0.1:${port}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { identities: { email: string } }).identities.email).toBe('lucia.fernandez@example.com');
    const doc = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect(doc.status).toBe(200);

    expect(output).toContain(`Local inbox (e-mail and SMS the notifications send): http://localhost:${inboxPort}`);
    const notes = (await (
      await fetch(`http://127.0.0.1:${port}/me/notifications`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      items: Array<{ kind: string; channel: string; status: string; text: string }>;
    };
    const ready = notes.items.find((m) => m.kind === 'order.ready-for-pickup' && m.channel === 'email');
    expect(ready?.status).toBe('sent');
    const code = /\b(\d{6})\b/.exec(ready!.text)?.[1];
    expect(code).toBeDefined();
    const mails = (await (await fetch(`http://127.0.0.1:${inboxPort}/api/email`)).json()) as Array<{
      subject: string;
      text: string;
      to: Array<{ address: string }>;
    }>;
    // Her appointment confirmations are there too; this is the pickup's.
    const mail = mails.find((m) => m.to.some((t) => t.address === 'lucia.fernandez@example.com') && m.subject.startsWith('Tu pedido'));
    expect(mail?.subject).toBe('Tu pedido WEB-100234 está listo para recoger');
    expect(mail?.text).toContain(code);
  }, 120_000);
});
