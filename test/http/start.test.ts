// The README's first command: `npm start` brings up DynamoDB Local, demo data and the API,
// and prints a token that works.

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
  it('serves the API with demo data and prints a working demo token', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      env: { ...process.env, PORT: String(port) },
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
  }, 120_000);
});
