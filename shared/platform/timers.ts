// Platform: timers — one mechanism for every timed action (pickup expiry, reminders, message
// retries) and for handing outbox events to in-product consumers. Anything due sits on the
// due-time index (keys.due: GSI2, one partition per UTC day, sorted by due time). One sweep,
// run every minute by a scheduled Lambda in AWS and every few seconds by the local server,
// Queries the range from its watermark to now (no Scan), hands each item to its handler and
// takes it off the index. Handlers are idempotent by their own condition writes, so sweeps
// that overlap apply each action once; an item whose handler failed stays due (retried with
// backoff), and the watermark never passes it, so nothing due is skipped — after an outage
// the next sweep starts where the last one stopped (at most LOOKBACK_HOURS back).

import type { Clock } from '../runtime/clock.ts';
import type { Deps } from '../runtime/deps.ts';
import { DeleteCommand, PutCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, queryAll } from '../table/query.ts';
import { isConditionalFailure, type TransactItem } from '../table/transact.ts';
import type { RecordedEvent } from './outbox.ts';

/** How far back a sweep with no watermark (first run, or watermark lost) looks. */
export const LOOKBACK_HOURS = 72;
/** Items handled per sweep at most (the rest wait for the next sweep; the watermark waits too). */
const MAX_ITEMS_PER_SWEEP = 500;
const PARALLEL = 8;
/**
 * A sweep re-reads this far behind its watermark: an item written just as the sweep read its
 * range (or stamped by a clock a little behind the sweeper's) is still found next time.
 */
const OVERLAP_MS = 5 * 60_000;

export type TimerRecord = {
  timerId: string;
  action: string;
  dueAt: string;
  payload: Record<string, string>;
  /** Failed runs so far (the handler threw); the next run waits longer. */
  attempts: number;
};
type TimerItem = Stored<'timer', TimerRecord>;

/** What a timer handler may answer: nothing (done), or a later time to run again. */
export type TimerOutcome = undefined | { runAgainAt: string };
/** A handler answers nothing (done) or a time to run again. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that just do their work return Promise<void>.
export type TimerHandler = (deps: Deps, timer: TimerRecord) => Promise<TimerOutcome | void>;
export type EventHandler = (deps: Deps, event: RecordedEvent) => Promise<void>;
export type DueHandlers = { timers: Record<string, TimerHandler>; events: EventHandler };

const hourMs = 3600_000;
const dayMs = 24 * hourMs;

// ── scheduling ──────────────────────────────────────────────────────────────────────────

/** A timer's item (due no earlier than now: a past due time runs at the next sweep). */
function timerItem(deps: { clock: Clock }, timer: Omit<TimerRecord, 'attempts'> & { attempts?: number }): TimerItem {
  const dueAt = new Date(Math.max(Date.parse(timer.dueAt), deps.clock.now().getTime())).toISOString();
  const record: TimerRecord = { ...timer, dueAt, attempts: timer.attempts ?? 0 };
  return toItem('timer', { ...keys.timer(timer.timerId), ...keys.due(dueAt, timer.timerId) }, record);
}

/** Schedules (or re-schedules) a timer inside the caller's transaction. */
export function timerPut(deps: { tableName: string; clock: Clock }, timer: Omit<TimerRecord, 'attempts'>): TransactItem {
  return { Put: { TableName: deps.tableName, Item: timerItem(deps, timer) } };
}

/** Schedules (or re-schedules) a timer on its own. */
export async function scheduleTimer(deps: Deps, timer: Omit<TimerRecord, 'attempts'>): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: timerItem(deps, timer) }));
}

/** Drops a timer (a cancelled appointment's reminders). */
export async function cancelTimer(deps: Deps, timerId: string): Promise<void> {
  await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: keys.timer(timerId) }));
}

// ── the sweep ─────────────────────────────────────────────────────────────────────────────

type DueItem = Record<string, unknown> & { PK: string; SK: string; entity: string; GSI2SK: string };

export type SweepReport = { handled: number; failed: number; from: string; watermark: string };

/**
 * 1. Read the watermark; start a few minutes before it (or LOOKBACK_HOURS ago without one).
 * 2. Query each day's due partition from there to now, oldest first (at most MAX_ITEMS_PER_SWEEP).
 * 3. Run each item's handler (a few at a time); settle it: a timer is deleted (or moved to
 *    the time its handler asked for, or retried with backoff if it threw) — conditioned on
 *    its due time as read, so a timer re-scheduled meanwhile stays; an event leaves the index.
 * 4. Move the watermark forward to the oldest item still due (or now): only
 *    forward, condition-written, so overlapping sweeps never move it back.
 */
export async function sweep(deps: Deps, handlers: DueHandlers): Promise<SweepReport> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const mark = await getItem(deps, keys.sweepWatermark);
  const floor = now.getTime() - LOOKBACK_HOURS * hourMs;
  // A sweep whose clock lags the watermark (another instance's) reads from its own now.
  const fromMs = Math.min(Math.max(mark ? Date.parse(mark.sweptUntil as string) - OVERLAP_MS : floor, floor), now.getTime());

  const due: DueItem[] = [];
  const fromIso = new Date(fromMs).toISOString();
  for (let day = Math.floor(fromMs / dayMs) * dayMs; day <= now.getTime() && due.length < MAX_ITEMS_PER_SWEEP; day += dayMs) {
    const found = await queryAll(deps, {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :upto',
      ExpressionAttributeValues: { ':pk': keys.duePartition(new Date(day).toISOString()), ':from': fromIso, ':upto': `${nowIso}#~` },
      Limit: MAX_ITEMS_PER_SWEEP,
    });
    due.push(...(found as DueItem[]));
  }
  const batch = due.slice(0, MAX_ITEMS_PER_SWEEP);

  let failed = 0;
  const stillDue: string[] = batch.length < due.length ? [due[batch.length]!.GSI2SK] : [];
  for (let i = 0; i < batch.length; i += PARALLEL) {
    await Promise.all(
      batch.slice(i, i + PARALLEL).map(async (item) => {
        const settled = await handleDue(deps, handlers, item, now);
        if (!settled) {
          failed++;
          stillDue.push(item.GSI2SK);
        }
      }),
    );
  }

  const oldest = stillDue.sort()[0];
  const watermark = oldest ? oldest.slice(0, 24) : nowIso;
  await advanceWatermark(deps, watermark);
  return { handled: batch.length - failed, failed, from: new Date(fromMs).toISOString(), watermark };
}

/** Runs one due item's handler and settles it; false when it could not be settled (it stays due). */
async function handleDue(deps: Deps, handlers: DueHandlers, item: DueItem, now: Date): Promise<boolean> {
  if (item.entity === 'outboxEvent') {
    try {
      await handlers.events(deps, {
        eventId: item.eventId as string,
        at: item.at as string,
        type: item.eventType as string,
        version: item.eventVersion as number,
        subject: item.subject as string,
        detail: item.detail as Record<string, unknown>,
      });
    } catch (error) {
      const attempts = Number(item.attempts ?? 0);
      const retryAt = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
      deps.logger.error('event handler failed; retried later', { eventId: item.eventId, retryAt, error: (error as Error).message });
      return settle(deps, item, { dueAt: retryAt, attempts: attempts + 1 });
    }
    return settle(deps, item, { remove: true });
  }

  const timer = fromItem<TimerRecord>(item);
  const handler = handlers.timers[timer.action];
  let outcome: Awaited<ReturnType<TimerHandler>>;
  try {
    if (!handler) throw new Error(`No handler for timer action ${timer.action}`);
    outcome = await handler(deps, timer);
  } catch (error) {
    const retryAt = new Date(now.getTime() + retryDelayMs(timer.attempts)).toISOString();
    deps.logger.error('timer failed; retried later', { timerId: timer.timerId, retryAt, error: (error as Error).message });
    return settle(deps, item, { dueAt: retryAt, attempts: timer.attempts + 1 });
  }
  if (outcome?.runAgainAt) return settle(deps, item, { dueAt: outcome.runAgainAt, attempts: 0 });
  return settle(deps, item, { remove: true });
}

/** A failed timer waits 1, 2, 4… minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** attempts, hourMs);

/**
 * Takes an item off the due index (a timer is deleted), or moves a timer to a new due time —
 * conditioned on its due entry as read. Losing that condition means another sweep settled it
 * or it was re-scheduled: settled either way.
 */
async function settle(deps: Deps, item: DueItem, to: { remove: true } | { dueAt: string; attempts: number }): Promise<boolean> {
  const condition = { ConditionExpression: 'GSI2SK = :sk', ExpressionAttributeValues: { ':sk': item.GSI2SK } };
  try {
    if ('remove' in to && item.entity === 'timer') {
      await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: { PK: item.PK, SK: item.SK }, ...condition }));
    } else if ('remove' in to) {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'REMOVE GSI2PK, GSI2SK',
          ...condition,
        }),
      );
    } else {
      const due = keys.due(to.dueAt, (item.timerId ?? item.eventId) as string);
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: `SET GSI2PK = :pk, GSI2SK = :nsk, attempts = :attempts${item.entity === 'timer' ? ', dueAt = :due' : ''}`,
          ConditionExpression: condition.ConditionExpression,
          ExpressionAttributeValues: {
            ':sk': item.GSI2SK,
            ':pk': due.GSI2PK,
            ':nsk': due.GSI2SK,
            ':attempts': to.attempts,
            ...(item.entity === 'timer' ? { ':due': to.dueAt } : {}),
          },
        }),
      );
    }
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return true;
    deps.logger.error('could not settle a due item; it stays due', { key: item.PK, error: (error as Error).message });
    return false;
  }
}

async function advanceWatermark(deps: Deps, sweptUntil: string): Promise<void> {
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: toItem('sweepWatermark', keys.sweepWatermark, { sweptUntil }),
        ConditionExpression: 'attribute_not_exists(PK) OR sweptUntil < :until',
        ExpressionAttributeValues: { ':until': sweptUntil },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}
