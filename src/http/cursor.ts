// Keyset cursors as they travel in an address (`?after=`), shared by the API's lists and searches and the search
// page, so a page of either starts where the other's `next` said: base64url of a small JSON array, opaque to clients.
import { KizunaError } from '../errors.js';
import type { CommitmentCursor, SearchCursor } from '../ops/register.js';

/** `[planId, ord]` for a list position; `[rank, id, position]` for a search hit. */
export function encodeCursor(cursor: CommitmentCursor | SearchCursor): string {
  const value = 'planId' in cursor ? [cursor.planId, cursor.ord] : [cursor.rank, cursor.id, cursor.position];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const refused = () => new KizunaError('invalid-request', 'query.after is not a cursor this API gave out', [{ name: 'query.after', reason: 'is not a cursor this API gave out' }]);

function decode(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (!Array.isArray(value)) throw refused();
  return value;
}

/** A list cursor (the `next` of a commitment list, or of a search without a query); 400 for anything else. */
export function commitmentCursorOf(text: string): CommitmentCursor {
  const value = decode(text);
  if (value.length !== 2 || typeof value[0] !== 'string' || !Number.isInteger(value[1])) throw refused();
  return { planId: value[0], ord: value[1] as number };
}

/** A search cursor (the `next` of a search with a query); 400 for anything else. */
export function searchCursorOf(text: string): SearchCursor {
  const value = decode(text);
  const [rank, id, position] = value;
  if (value.length !== 3 || typeof rank !== 'number' || !Number.isFinite(rank) || typeof id !== 'string' || !Number.isInteger(position) || (position as number) < 0) throw refused();
  return { rank, id, position: position as number };
}
