// Use case: an interaction note (POST /customers/{customerId}/notes) — what the customer
// contacted us about, on their timeline with who wrote it, so the next agent or associate does
// not ask again. Once per Idempotency-Key; audited in the same transaction.

import { ulid } from 'ulid';
import { type Actor, actorKey, actorRef, assertAgentAccess } from '../platform/actor.ts';
import { accessAuditPut } from '../platform/audit.ts';
import { idempotent } from '../platform/idempotency.ts';
import { timelinePut } from '../platform/timeline.ts';
import { profileExists } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { Tx } from '../table/transact.ts';
import { noteEntry } from './rules.ts';
import type { Note, NoteCommand } from './schemas.ts';

/**
 * 1. Agents, regional and admin staff only.
 * 2. Once per Idempotency-Key of this caller (a retry gets the first answer).
 * 3. One transaction: the profile must exist (not found otherwise, nothing written), the
 *    note as a timeline entry (kind note, the author as its actor), the audit entry and the
 *    key's record.
 */
export function addNote(deps: Deps, actor: Actor, command: NoteCommand & { customerId: string }, idempotencyKey: string | undefined) {
  assertAgentAccess(actor);
  const { customerId, ...note } = command;
  return idempotent<Note>(deps, {
    scope: `customer-note:${actorKey(actor)}`,
    key: idempotencyKey,
    request: command,
    ownerOf: (answer) => answer.customerId,
    run: async (record) => {
      const now = deps.clock.now();
      const by = actorRef(actor);
      const response: Note = { noteId: ulid(now.getTime()), customerId, at: now.toISOString(), ...note, by };
      const tx = new Tx<'profile' | 'note' | 'audit' | 'idempotency'>()
        .add('profile', profileExists(deps, customerId))
        .add('note', timelinePut(deps, customerId, { entryId: response.noteId, ...noteEntry(note, by) }))
        .add('audit', await accessAuditPut(deps, actor, { action: 'customer.note', customerId, ref: response.noteId, result: 'done' }))
        .add('idempotency', record(response));
      try {
        await tx.write(deps);
      } catch (error) {
        if (tx.failed(error)?.has('profile')) throw fail.notFound(`There is no customer ${customerId}.`);
        throw error;
      }
      return response;
    },
  });
}
