// The timeline-kind backfill (npm run backfill:timeline-kinds) on DynamoDB Local: entries
// written before kinds existed (no GSI1 kind key) appear in `?kind=` pages after it, in pages;
// entries that have their key and other items are not touched; a second run, or several at
// once, change nothing more.

import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { listTimeline, timelinePut } from '#shared/platform/timeline.ts';
import { backfillTimelineKinds } from '#shared/platform/timeline-backfill.ts';
import { PutCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { scanTable, useTestTable } from '#test/support/table.ts';

const t = useTestTable();

/** As an entry written before kinds existed: the item without its GSI1 keys. */
async function oldEntry(customerId: string, type: string, summary: string) {
  await t.deps.db.send(
    new PutCommand({
      TableName: t.tableName,
      Item: {
        ...keys.timelineEntry(customerId, ulid()),
        entity: 'timelineEntry',
        type,
        summary,
        at: t.deps.clock.now().toISOString(),
      },
    }),
  );
}

const typesOfKind = async (customerId: string, kind: 'order' | 'note' | 'offer') =>
  (await listTimeline(t.deps, customerId, { limit: 50, kind })).items.map((e) => e.type).sort();

describe('the timeline-kind backfill', () => {
  it('gives old entries their kind key, page by page; new entries, other items and a second run are left alone', async () => {
    await transactWrite(t.deps, [timelinePut(t.deps, 'cust-a', { type: 'order.placed', summary: 'new order' })]);
    await oldEntry('cust-a', 'order.picked_up', 'old pickup');
    await oldEntry('cust-a', 'offer.redeemed', 'old offer');
    await oldEntry('cust-b', 'note.added', 'old note');
    await oldEntry('cust-b', 'order.exchanged', 'old exchange');
    await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { ...keys.profile('cust-a'), entity: 'profile', name: 'A' } }));
    expect(await typesOfKind('cust-a', 'order')).toEqual(['order.placed']);
    const before = await scanTable(t.deps);

    const pages: number[] = [];
    const total = await backfillTimelineKinds(t.deps, 2, (page) => pages.push(page.entries));
    expect(total).toEqual({ entries: 5, updated: 4, skipped: 0 });
    expect(pages.length).toBeGreaterThan(1);

    expect(await typesOfKind('cust-a', 'order')).toEqual(['order.picked_up', 'order.placed']);
    expect(await typesOfKind('cust-a', 'offer')).toEqual(['offer.redeemed']);
    expect(await typesOfKind('cust-b', 'note')).toEqual(['note.added']);
    expect((await listTimeline(t.deps, 'cust-b', { limit: 50, kind: 'return' })).items.map((e) => e.summary)).toEqual(['old exchange']);
    // Only the kind keys were added: every item as it was otherwise.
    const after = await scanTable(t.deps);
    const strip = (items: Array<Record<string, unknown>>) =>
      items.map(({ GSI1PK: _p, GSI1SK: _s, ...rest }) => rest).sort((a, b) => `${a.PK}${a.SK}`.localeCompare(`${b.PK}${b.SK}`));
    expect(strip(after)).toEqual(strip(before));

    expect(await backfillTimelineKinds(t.deps, 3)).toEqual({ entries: 5, updated: 0, skipped: 0 });
  });

  it('several runs at once key each old entry exactly once', async () => {
    for (let i = 0; i < 12; i++) await oldEntry('cust-race', i % 2 ? 'appointment.booked' : 'store.visited', `old ${i}`);
    const runs = await Promise.all(Array.from({ length: 5 }, () => backfillTimelineKinds(t.deps, 4)));
    expect(runs.reduce((n, r) => n + r.updated, 0)).toBe(12);
    expect((await listTimeline(t.deps, 'cust-race', { limit: 50, kind: 'visit' })).items).toHaveLength(6);
    expect((await listTimeline(t.deps, 'cust-race', { limit: 50, kind: 'appointment' })).items).toHaveLength(6);
  });
});
