// `npm run token -- --customer <id> | --staff <storeId> [--role regional|admin] | --agent <agentId> | --scope <scope>…`
// prints a token the local server accepts (signed with the key in .local/).

import { parseArgs } from 'node:util';
import { integrationScopes, type Scope, type StaffRole } from '#shared/platform/actor.ts';
import { projectIssuer, type TokenRequest } from './tokens.ts';

const usage =
  'usage: npm run token -- --customer <id> | --staff <storeId> [--role associate|regional|admin] | --agent <agentId> | --scope <scope> [--scope <scope>…]';

async function main() {
  const { values } = parseArgs({
    options: {
      customer: { type: 'string' },
      staff: { type: 'string' },
      agent: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string', multiple: true },
      client: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  let request: TokenRequest;
  if (values.customer) {
    request = { customer: values.customer };
  } else if (values.staff) {
    const role = (values.role ?? 'associate') as StaffRole;
    if (!['associate', 'regional', 'admin'].includes(role)) throw new Error(usage);
    request = { staff: `staff-${values.staff}`, storeId: values.staff, role };
  } else if (values.agent) {
    request = { agent: values.agent };
  } else if (values.scope?.length) {
    const unknown = values.scope.filter((s) => !(integrationScopes as readonly string[]).includes(s));
    if (unknown.length) throw new Error(`Unknown scope ${unknown.join(', ')}; known: ${integrationScopes.join(', ')}`);
    request = { client: values.client ?? 'local-integration', scopes: values.scope as Scope[] };
  } else {
    throw new Error(usage);
  }
  const issuer = await projectIssuer();
  console.log(await issuer.sign(request, { expiresIn: values.expires ?? '12h' }));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(2);
});
