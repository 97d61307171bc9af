// `npm run backfill:timeline-kinds [-- --page-size 100]`: gives timeline entries written
// before kinds existed their kind key (shared/platform/timeline-backfill.ts). The table comes
// from TABLE_NAME, and DYNAMODB_ENDPOINT for a local one (otherwise AWS, with the operator's
// credentials: it Scans, which no function's role may). Safe to run again, and beside live traffic.

import { parseArgs } from 'node:util';
import { backfillTimelineKinds } from '#shared/platform/timeline-backfill.ts';
import { operatorDeps } from './operator-deps.ts';

async function main() {
  const { values } = parseArgs({ options: { 'page-size': { type: 'string', default: '100' } } });
  const pageSize = Number(values['page-size']);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error('--page-size: an integer from 1 to 1000');
  const total = await backfillTimelineKinds(operatorDeps(), pageSize, (page) =>
    process.stderr.write(`page: ${page.entries} entries, ${page.updated} given their kind, ${page.skipped} gone or keyed meanwhile\n`),
  );
  console.log(`${total.entries} timeline entries read, ${total.updated} given their kind key, ${total.skipped} left as they were`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
