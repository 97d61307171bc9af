// The timers' sweep over DynamoDB Local with an injected clock: due items found by hour from
// the watermark (no Scan), each action applied once however many sweeps overlap, a failing
// handler retried with backoff, late actions still applied, the watermark only moving forward.

import { describe, expect, it } from 'vitest';
import { cancelTimer, type DueHandlers, LOOKBACK_HOURS, scheduleTimer, sweep } from '#shared/platform/timers.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { PutCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { isConditionalFailure } from '#shared/table/transact.ts';
import { rawItem } from '../support/orders.ts';
import { useTestTable } from '../support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const t = useTestTable({ clock });

/** A handler that applies its action with a condition write, and counts calls and applications. */
function counting(fails = 0) {
  const seen = { calls: 0, applied: 0 };
  let failures = fails;
  const handlers: DueHandlers = {
    timers: {
      'test.apply': async (deps: Deps, timer) => {
        seen.calls++;
        if (failures-- > 0) throw new Error('not now');
        try {
          await deps.db.send(
            new PutCommand({
              TableName: deps.tableName,
              Item: { PK: `APPLIED#${timer.timerId}`, SK: 'APPLIED', entity: 'timer' },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
          seen.applied++;
        } catch (error) {
          if (!isConditionalFailure(error)) throw error;
        }
      },
    },
    events: async () => undefined,
  };
  return { seen, handlers };
}

describe('sweep', () => {
  it('applies a due timer once with 20 sweeps at once, and leaves one not yet due', async () => {
    const { seen, handlers } = counting();
    await scheduleTimer(t.deps, { timerId: 'once', action: 'test.apply', dueAt: '2026-11-24T10:05:00Z', payload: {} });
    await scheduleTimer(t.deps, { timerId: 'later', action: 'test.apply', dueAt: '2026-11-24T12:00:00Z', payload: {} });
    clock.set('2026-11-24T10:06:00Z');
    const reports = await Promise.all(Array.from({ length: 20 }, () => sweep(t.deps, handlers)));
    expect(seen.applied).toBe(1);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    expect(await rawItem(t.deps, keys.timer('once'))).toBeUndefined();
    expect(await rawItem(t.deps, keys.timer('later'))).toBeDefined();
    await cancelTimer(t.deps, 'later');
  });

  it('retries a failing handler with backoff, then applies it', async () => {
    const { seen, handlers } = counting(2);
    await scheduleTimer(t.deps, { timerId: 'flaky', action: 'test.apply', dueAt: '2026-11-24T10:10:00Z', payload: {} });
    clock.set('2026-11-24T10:10:30Z');
    await sweep(t.deps, handlers);
    const retried = await rawItem(t.deps, keys.timer('flaky'));
    expect(retried).toMatchObject({ attempts: 1, dueAt: '2026-11-24T10:11:30.000Z' });
    clock.set('2026-11-24T10:11:31Z');
    await sweep(t.deps, handlers);
    expect(await rawItem(t.deps, keys.timer('flaky'))).toMatchObject({ attempts: 2, dueAt: '2026-11-24T10:13:31.000Z' });
    clock.set('2026-11-24T10:14:00Z');
    await sweep(t.deps, handlers);
    expect(seen).toEqual({ calls: 3, applied: 1 });
    expect(await rawItem(t.deps, keys.timer('flaky'))).toBeUndefined();
  });

  it('after an outage applies what fell due meanwhile, hours back; the watermark only moves forward', async () => {
    const { seen, handlers } = counting();
    await scheduleTimer(t.deps, { timerId: 'during-outage', action: 'test.apply', dueAt: '2026-11-24T11:30:00Z', payload: {} });
    clock.set('2026-11-25T09:00:00Z'); // a day without sweeps
    const report = await sweep(t.deps, handlers);
    expect(seen.applied).toBe(1);
    expect(report.from <= '2026-11-24T10:14:00.000Z').toBe(true);
    expect((await rawItem(t.deps, keys.sweepWatermark))?.sweptUntil).toBe('2026-11-25T09:00:00.000Z');
    // A sweep with an older clock (a slow instance) does not move it back.
    clock.set('2026-11-25T08:00:00Z');
    await sweep(t.deps, handlers);
    expect((await rawItem(t.deps, keys.sweepWatermark))?.sweptUntil).toBe('2026-11-25T09:00:00.000Z');
    clock.set('2026-11-25T09:00:00Z');
  });

  it(`looks back at most ${LOOKBACK_HOURS} hours without a watermark`, async () => {
    const { handlers } = counting();
    await t.deps.db.send(
      new PutCommand({
        TableName: t.tableName,
        Item: { ...keys.sweepWatermark, entity: 'sweepWatermark', sweptUntil: '2026-01-01T00:00:00.000Z' },
      }),
    );
    const report = await sweep(t.deps, handlers);
    expect(Date.parse('2026-11-25T09:00:00Z') - Date.parse(report.from)).toBe(LOOKBACK_HOURS * 3600_000);
  });
});
