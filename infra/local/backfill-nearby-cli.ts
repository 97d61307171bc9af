// `npm run backfill:nearby [-- --page-size 100]`: gives stores written before the nearby index
// existed its keys (shared/stores/backfill-nearby.ts). The table comes from TABLE_NAME, and
// DYNAMODB_ENDPOINT for a local one (otherwise AWS, with the operator's credentials: it Scans,
// which no function's role may). Safe to run again, and beside live traffic.

import { parseArgs } from 'node:util';
import { backfillNearby } from '#shared/stores/index.ts';
import { operatorDeps } from './operator-deps.ts';

async function main() {
  const { values } = parseArgs({ options: { 'page-size': { type: 'string', default: '100' } } });
  const pageSize = Number(values['page-size']);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error('--page-size: an integer from 1 to 1000');
  const deps = operatorDeps();
  const total = await backfillNearby(deps, pageSize, (page) =>
    process.stderr.write(`page: ${page.stores} stores, ${page.updated} indexed, ${page.skipped} moved meanwhile (left as they are)\n`),
  );
  console.log(`${total.stores} stores read, ${total.updated} indexed, ${total.skipped} left as their own write set them`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
