// Local runtime: the timers' sweep the scheduled Lambda runs every minute in AWS, run here
// every few seconds — the same function, the same handlers, messages over SMTP to the local inbox.

import { createSweep } from '#functions/timers/sweep.ts';
import type { Sender } from '#shared/notifications/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

export function startSweeping(deps: Deps, sender: Sender, everyMs = 5000): { stop: () => void; runOnce: () => Promise<void> } {
  const run = createSweep(deps, sender);
  let running: Promise<unknown> | undefined;
  const runOnce = async () => {
    // One at a time here (overlapping sweeps are safe, just wasteful).
    if (!running) {
      running = run()
        .catch((error: unknown) => deps.logger.error('sweep failed', { error: (error as Error).message }))
        .finally(() => {
          running = undefined;
        });
    }
    await running;
  };
  const timer = setInterval(runOnce, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
