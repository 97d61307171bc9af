// Lambda entry: the timers' sweep, invoked by an EventBridge schedule every minute. Messages
// leave by SES (e-mail) and End User Messaging (SMS), configured by the stack's environment.
import { senderFromEnv } from '#shared/notifications/index.ts';
import { depsFromEnv } from '#shared/runtime/deps.ts';
import { createSweep } from './sweep.ts';

const run = createSweep(depsFromEnv(), senderFromEnv());

export const handler = async () => {
  const report = await run();
  console.log(JSON.stringify({ message: 'sweep', ...report }));
  return report;
};
