// A person corrects a commitment (strength, text, section, parent, actors, themes): stored as corrections
// apart from the extractor's reading, under optimistic locking, with an event, in one transaction.
import type { Transaction } from 'kysely';
import type { Database, Store } from '../store/index.js';
import { correctCommitment } from '../store/corrections.js';
import { getCommitment } from '../store/queries.js';
import { READ_ALL } from '../store/scope.js';
import { appendEvent } from '../store/events.js';
import { NotFoundError } from '../errors.js';
import type { CommitmentEdit, CommitmentView } from '../store/views.js';


/**
 * Applies `edit` if the commitment is still at `expectedVersion` and returns it as now stored (version + 1).
 * Throws ConflictError when someone else changed it first: the caller re-reads and retries, nothing is lost.
 *
 *     await commitmentCorrect(store, 'p-1a2b3c4d5e6f:s2/c1', 1, { strength: 'firm' }, 'desk@mofa');
 */
export async function commitmentCorrect(
  store: Store,
  id: string,
  expectedVersion: number,
  edit: CommitmentEdit,
  author: string,
): Promise<CommitmentView> {
  return store.db.transaction().execute((trx) => commitmentCorrectIn(trx, id, expectedVersion, edit, author));
}

/** The same inside a transaction the caller holds (saving a reviewed upload with all its corrections). */
export async function commitmentCorrectIn(trx: Transaction<Database>, id: string, expectedVersion: number, edit: CommitmentEdit, author: string): Promise<CommitmentView> {
  const before = await getCommitment(trx, id, READ_ALL);
  if (!before) throw new NotFoundError('commitment', id);
  await correctCommitment(trx, id, expectedVersion, edit, author);
  const after = (await getCommitment(trx, id, READ_ALL))!;
  await appendEvent(trx, { actor: author, entity: 'commitment', entityId: id, action: 'correct', before, after });
  return after;
}
