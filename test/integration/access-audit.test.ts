import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/platform/actor.ts';
import { accessAuditPut, auditAccess, auditCustomerRef } from '#shared/platform/audit.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { accessAuditOf, useTestTable } from '#test/support/table.ts';

const t = useTestTable();

const auditOf = (actorKey: string) => accessAuditOf(t.deps, actorKey);

describe('the access audit', () => {
  it('records who read whom and how, with the customer pseudonymised, never the id', async () => {
    const agent: Actor = { kind: 'agent', agentId: 'agent-audit-1' };
    await auditAccess(t.deps, agent, { action: 'customer.search', customerId: 'cust-audited', matchedBy: 'phone', result: 'found' });
    const [entry] = await auditOf('agent:agent-audit-1');
    expect(entry).toMatchObject({
      action: 'customer.search',
      actor: 'agent-audit-1',
      actorKind: 'agent',
      matchedBy: 'phone',
      result: 'found',
    });
    expect(entry?.customerRef).toBe(await auditCustomerRef(t.deps, 'cust-audited'));
    expect(JSON.stringify(entry)).not.toContain('cust-audited');
    expect(entry?.expiresAt).toBeGreaterThan(t.deps.clock.now().getTime() / 1000 + 399 * 24 * 3600);
  });

  it("puts an action's entry inside the action's transaction, with the staff role", async () => {
    const regional: Actor = { kind: 'staff', userId: 'staff-audit-2', storeId: undefined, role: 'regional' };
    await transactWrite(t.deps, [
      await accessAuditPut(t.deps, regional, { action: 'pickup.extend', customerId: 'c2', ref: 'ord-1', result: 'done' }),
    ]);
    const [entry] = await auditOf('staff:staff-audit-2');
    expect(entry).toMatchObject({ action: 'pickup.extend', actorKind: 'staff', actorRole: 'regional', ref: 'ord-1' });
  });
});
