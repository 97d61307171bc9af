// `npm start`: DynamoDB Local, the table, demo data, the API on http://localhost:3000, the
// local inbox (maildev, http://localhost:1080) the notifications go to over SMTP, the timers'
// sweep every few seconds, and a demo token for each kind of caller.

import { smtpSender } from '#shared/notifications/index.ts';
import { localDeps } from '#shared/runtime/deps.ts';
import { LocalSetupError, startDynamoDbLocal } from './dynamodb-local.ts';
import { startInbox } from './inbox.ts';
import { demoCustomers, seedAll } from './seed.ts';
import { startLocalServer } from './server.ts';
import { createTable } from './table.ts';
import { startSweeping } from './timers.ts';
import { projectIssuer } from './tokens.ts';

const TABLE_NAME = 'omnistore-local';

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  process.stdout.write('Starting DynamoDB Local… ');
  const dynamodb = await startDynamoDbLocal();
  console.log(dynamodb.endpoint);
  process.stdout.write('Starting the local inbox… ');
  const inbox = await startInbox({
    smtpPort: Number(process.env.SMTP_PORT ?? 1025),
    webPort: Number(process.env.INBOX_PORT ?? 1080),
  }).catch(async (error: unknown) => {
    await dynamodb.stop();
    throw error;
  });
  console.log(inbox.webUrl);
  const stop = async () => {
    await inbox.stop();
    await dynamodb.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    await createTable(dynamodb.endpoint, TABLE_NAME);
    const deps = localDeps({ endpoint: dynamodb.endpoint, tableName: TABLE_NAME, logLevel: 'INFO' });
    process.stdout.write('Loading demo data… ');
    await seedAll(deps);
    console.log('done');
    const issuer = await projectIssuer();
    const server = await startLocalServer({ deps, issuer, port, host: process.env.HOST ?? '127.0.0.1' });
    // Due timers and events: Lucía's ready-for-pickup message goes out on the first sweep.
    const sweeping = startSweeping(deps, smtpSender({ port: inbox.smtpPort }));
    await sweeping.runOnce();
    const customer = demoCustomers[0];
    const token = await issuer.sign({ customer: customer.id });
    console.log(`
omnistore API on ${server.url}   (OpenAPI: ${server.url}/openapi.json)

Demo customer ${customer.name} (${customer.id}):
  export TOKEN=${token}
  curl -s ${server.url}/me -H "authorization: Bearer $TOKEN"
  curl -s ${server.url}/me/notifications -H "authorization: Bearer $TOKEN"

Local inbox (e-mail and SMS the notifications send): ${inbox.webUrl}

Other tokens: npm run token -- --customer <id> | --staff <storeId> | --scope orders/write
Press Ctrl+C to stop.`);
  } catch (error) {
    await inbox.stop();
    await dynamodb.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalSetupError ? `\n${error.message}` : error);
  process.exit(1);
});
