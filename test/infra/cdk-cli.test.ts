// The deploy path as an engineer runs it: the pinned CDK CLI synthesizes the app from
// cdk.json. The other infra tests synthesize through the library, which cannot notice a
// CLI that no longer reads the cloud assembly the library writes.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npx cdk synth', () => {
  it('synthesizes through the pinned CLI, cdk-nag clean, with every feature flag configured', async () => {
    const out = mkdtempSync(join(tmpdir(), 'omnistore-cli-'));
    const { stdout, stderr } = await run('node_modules/.bin/cdk', ['synth', '--quiet', '--output', out], {
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const said = `${stdout}\n${stderr}`;
    expect(said).not.toMatch(/not compatible|schema version mismatch/i);
    expect(said).not.toMatch(/feature flags are not configured/);
    expect(existsSync(join(out, 'Omnistore.template.json'))).toBe(true);
    const template = JSON.parse(readFileSync(join(out, 'Omnistore.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
