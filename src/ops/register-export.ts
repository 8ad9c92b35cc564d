// Export: a full JSON backup (every table, documents' bytes included) or the commitments as one flat CSV table.
import type { Store } from '../store/index.js';
import type { CommitmentFilter } from '../store/views.js';
import { exportBackup, importBackup, type Backup } from '../store/backup.js';
import { listCommitments } from '../store/queries.js';
import { linkedNeighbours } from '../store/lineage.js';
import type { ReadScope } from '../store/scope.js';

export type { Backup } from '../store/backup.js';

/** Everything in the register, restorable with registerImport into an empty store. */
export function registerExport(store: Store): Promise<Backup> {
  return exportBackup(store.db);
}

/** Restores a backup into an empty store in one transaction (nothing is written if any row fails). */
export function registerImport(store: Store, backup: Backup): Promise<Record<string, number>> {
  return store.db.transaction().execute((trx) => importBackup(trx, backup));
}

const CSV_COLUMNS = [
  'id', 'plan_id', 'plan_title', 'parties', 'key', 'section_id', 'section', 'strength', 'strength_cue',
  'themes', 'actors', 'parent_id', 'predecessor_id', 'span_start', 'span_end', 'corrected', 'version', 'text',
] as const;

// A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with = + - @, a tab or a
// carriage return, e.g. `=HYPERLINK("http://evil","x")`, `+1+1`, `@SUM(A1)`, `-2+3`.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. A text cell that a spreadsheet would
 * read as a formula gets a leading apostrophe (OWASP's advice), so it is shown as text and never run;
 * numbers stay numbers.
 *
 *     csvField('=1+2') // → "'=1+2"       csvField('a, b') // → '"a, b"'       csvField(-3) // → '-3'
 */
export function csvField(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Commitments as CSV (current values, corrections applied), filtered like the lists (`kizuna list
 * commitments`, GET /api/commitments), written page by page through `write` (awaited: a stream's backpressure).
 * `predecessor_id` is the commitment of the renewed plan a row continues (its lineage link), empty when none is
 * linked or the reader may not read that plan.
 */
export async function commitmentsCsv(store: Store, write: (chunk: string) => unknown, filter: CommitmentFilter, scope: ReadScope): Promise<number> {
  await write(CSV_COLUMNS.join(',') + '\r\n');
  let offset = 0;
  for (;;) {
    const { items } = await listCommitments(store.db, filter, { limit: 2000, offset }, scope);
    const predecessors = await linkedNeighbours(store.db, items.map((c) => c.id), 'back', scope);
    for (const c of items) {
      const row = [
        c.id, c.planId, c.planTitle, c.parties.join(' '), c.key, c.sectionId, c.section, c.strength, c.strengthCue,
        c.themes.map((t) => t.theme).join(' '), c.actors.map((a) => a.id).join(' '), c.parentId,
        predecessors.get(c.id)?.id ?? null, c.span.start, c.span.end, c.corrected, c.version, c.text,
      ];
      await write(row.map(csvField).join(',') + '\r\n');
    }
    offset += items.length;
    if (items.length < 2000) return offset;
  }
}
