// GET /docs: the interactive API reference, over the same /openapi.json, checked in a real
// headless Chromium (Debian's `chromium`, found on PATH or at CHROMIUM_PATH) driven by
// playwright-core: every tag is on the page, and an operation opens to its request schema.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '#functions/index.ts';
import { useTestApi } from '#test/support/api.ts';

const api = useTestApi();

/** Debian's chromium: CHROMIUM_PATH, else the first of `chromium` / `chromium-browser` on PATH (.ci/run installs it). */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found && existsSync(found)) return found;
    } catch {
      // not this one
    }
  }
  throw new Error("No chromium found: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.");
}

type Operation = { summary?: string; description?: string; tags?: string[]; requestBody?: { content: Record<string, { schema: any }> } };

describe('GET /openapi.json', () => {
  it('describes every operation with a summary, a description and tags; write bodies carry examples', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const operations = Object.entries(res.body.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations).toHaveLength(allRoutes().length);
    for (const { key, op } of operations) {
      expect(op.summary, key).toBeTruthy();
      expect(op.description, key).toMatch(/Who may call/);
      expect(op.tags?.length, key).toBeGreaterThan(0);
    }
    const withExamples = operations.filter(({ op }) => op.requestBody?.content['application/json']?.schema.examples?.length);
    for (const key of [
      'POST /orders',
      'POST /reservations',
      'POST /appointments',
      'POST /orders/{orderId}/returns',
      'POST /orders/{orderId}/status',
    ]) {
      expect(withExamples.map((o) => o.key)).toContain(key);
    }
    expect(res.body.info.description).toMatch(/request-in-progress/);
  });
});

describe('GET /docs', () => {
  it('serves the page with its own CSP, and the renderer files as they are', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('/docs/swagger-ui-bundle.js');
    const bundle = await fetch(`${api.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    expect((await fetch(`${api.url}/docs/package.json`)).status).toBe(400);
  });

  describe('in a headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('shows every tag, and an operation opens to its request schema', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${api.url}/docs`);
      await page.locator('.opblock-tag').first().waitFor({ timeout: 30_000 });
      const tags = [...new Set(allRoutes().flatMap((r) => r.tags ?? []))];
      const shown = await page.locator('.opblock-tag').allInnerTexts();
      for (const tag of tags)
        expect(
          shown.some((text) => text.trim().startsWith(tag)),
          tag,
        ).toBe(true);

      // POST /reservations: open it; its request body schema is on the page.
      const operation = page.locator('#operations-inventory-postReservations');
      await operation.locator('.opblock-summary').click();
      const body = operation.locator('.opblock-section-request-body');
      await body.waitFor({ timeout: 10_000 });
      await body.getByText('Schema', { exact: true }).click();
      for (const field of ['storeId', 'lines', 'holdMinutes']) {
        await expect.poll(() => body.getByText(field, { exact: true }).first().isVisible(), { timeout: 10_000 }).toBe(true);
      }
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
