import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCatalogue } from '#functions/events/catalogue.ts';
import { eventNamePattern } from '#shared/platform/events.ts';

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('the event catalogue', () => {
  it('names every event once, in one style, with a version and a description', () => {
    const names = eventCatalogue.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const event of eventCatalogue) {
      expect(event.name).toMatch(eventNamePattern);
      expect(event.version).toBeGreaterThanOrEqual(1);
      expect(event.description.length).toBeGreaterThan(10);
    }
  });

  it('holds every event a module declares (no defineEvent outside the catalogue)', () => {
    const declared = sources('shared').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/defineEvent<[^(]*?>\(\s*'([^']+)'/gs)].map((m) => m[1]),
    );
    expect(declared.length).toBeGreaterThan(0);
    expect([...declared].sort()).toEqual(eventCatalogue.map((e) => e.name).sort());
  });

  it('is the table the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const event of eventCatalogue) expect(readme).toContain(`| \`${event.name}\` | ${event.version} |`);
  });
});
