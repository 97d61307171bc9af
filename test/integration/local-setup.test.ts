// `npm start`'s failure modes say what to do in one sentence.

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalSetupError, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { startLocalServer } from '#infra/local/server.ts';
import { createLocalIssuer } from '#infra/local/tokens.ts';
import { useTestTable } from '#test/support/table.ts';

const t = useTestTable();

describe('local setup errors', () => {
  it('a busy port is one clear sentence', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const error = await startLocalServer({ deps: t.deps, issuer: await createLocalIssuer(), port }).catch((e: unknown) => e);
    blocker.close();
    expect(error).toBeInstanceOf(LocalSetupError);
    expect((error as Error).message).toBe(
      `Port ${port} is already in use: stop what is using it, or start on another port with PORT=<port> npm start.`,
    );
  });

  it('missing Java is one clear sentence', async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-java-'));
    try {
      const error = await startDynamoDbLocal().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalSetupError);
      expect((error as Error).message).toMatch(/^DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH: install it/);
    } finally {
      process.env.PATH = path;
    }
  });
});
