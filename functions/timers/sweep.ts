// Adapter: the one sweep of everything due (platform/timers.ts) with the product's handlers —
// run by the scheduled Lambda every minute in AWS and by the local server every few seconds.

import { dueHandlers, type Sender } from '#shared/notifications/index.ts';
import { type SweepReport, sweep } from '#shared/platform/timers.ts';
import type { Deps } from '#shared/runtime/deps.ts';

export function createSweep(deps: Deps, sender: Sender): () => Promise<SweepReport> {
  const handlers = dueHandlers(sender);
  return () => sweep(deps, handlers);
}
