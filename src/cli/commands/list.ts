// `kizuna list plans|commitments|organizations`: the register's records, filtered, as a table or JSON.
import { commitmentList, organizationList, planList } from '../../ops/register-query.js';
import { withRegister } from '../../ops/open-register.js';
import { FILTER_FIELDS, readFilter as readCommonFilter, type CommitmentFilter, type FilterName } from '../../ops/filter.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';
import { commitmentCursorOf, encodeCursor } from '../../http/cursor.js';
import type { CommitmentCursor } from '../../ops/register.js';

// The filter flags come from the one filter definition (ops/filter.ts), as the API's parameters do.
const listFilters = FILTER_FIELDS.filter((f) => f.name !== 'q');

/** `--party`, `--theme`…: the filter flags alone (`kizuna export --format csv` takes them too). */
export const filterFlags = Object.fromEntries(listFilters.map((f) => [f.name, { type: 'string' }])) as Record<Exclude<FilterName, 'q'>, { type: 'string' }>;

export const filterFlagsUsage = listFilters.map((f) => `  ${`--${f.name} ${f.cli.arg}`.padEnd(22)}${f.cli.help}`).join('\n');

export const filterOptions = {
  ...filterFlags,
  limit: { type: 'string' },
  offset: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const filterUsage = [
  filterFlagsUsage,
  '  --limit N             at most N rows (default 50); --offset N skips N',
  '  --json                JSON ({items, total}) instead of a table',
].join('\n');

type FilterValues = { [K in keyof typeof filterOptions]?: (typeof filterOptions)[K]['type'] extends 'boolean' ? boolean : string };

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not '${value}'`);
  return n;
}

/** The filter of the flags given, or a UsageError naming the flag at fault. */
export function readFilterFlags(values: { [K in keyof typeof filterFlags]?: string }): CommitmentFilter {
  const { filter, invalid } = readCommonFilter((name) => (name === 'q' ? undefined : values[name]));
  if (invalid.length) throw new UsageError(invalid.map((i) => `--${i.name} ${i.reason}`).join('; '));
  return filter;
}

export function readFilter(values: FilterValues): { filter: CommitmentFilter; page: { limit: number; offset: number } } {
  const filter = readFilterFlags(values);
  return { filter, page: { limit: count(values.limit, 'limit', 50), offset: count(values.offset, 'offset', 0) } };
}

/** Fixed-width columns; the last column is left unpadded (it holds free text). */
export function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export const clip = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max - 1).join('') + '…' : text);

const KINDS = ['plans', 'commitments', 'organizations'] as const;

/** The cursor of `--after`: what a page of commitments printed as its next page (the API's `next`). */
function cursorOf(text: string): CommitmentCursor {
  try {
    return commitmentCursorOf(text);
  } catch {
    throw new UsageError(`--after '${text}' is not a cursor that kizuna list commitments printed`);
  }
}

export const listCommand: Command = {
  usage: `Usage: kizuna list plans|commitments|organizations [filters] [--json] [--data DIR]

${filterUsage}
  --after CURSOR        commitments: the page after the one that printed this cursor (pages that stay put while
                        plans are added, as fast at any depth as the first)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...filterOptions, after: { type: 'string' }, ...dataOption });
    const kind = positionals[0] as (typeof KINDS)[number];
    if (positionals.length !== 1 || !KINDS.includes(kind)) throw new UsageError('say what to list: plans, commitments or organizations');
    if (values.after !== undefined && kind !== 'commitments') throw new UsageError('--after pages commitments only');
    const { filter, page } = readFilter(values);
    const after = values.after !== undefined ? cursorOf(values.after) : undefined;
    return withRegister(values.data, io.env, async (store) => {
      const printJson = (result: unknown) => (io.out(JSON.stringify(result, null, 2) + '\n'), 0);
      if (kind === 'plans') {
        const result = await planList(store, CLI_SCOPE, filter, page);
        if (values.json) return printJson(result);
        io.out(table([
          ['ID', 'STATUS', 'PERIOD', 'PARTIES', 'COMMITMENTS', 'TITLE'],
          ...result.items.map((p) => [
            p.id, p.status, `${p.period.start ?? '?'}–${p.period.end ?? '?'}`, p.parties.join('-'), String(p.commitmentCount), p.title ?? p.documentName,
          ]),
        ]));
        io.err(`${result.items.length} of ${result.total} plans\n`);
      } else if (kind === 'commitments') {
        const found = await commitmentList(store, CLI_SCOPE, filter, { ...page, ...(after ? { after } : {}) });
        // The next page's cursor as the API gives it: text to pass back as --after.
        const result = { ...found, next: found.next ? encodeCursor(found.next) : undefined };
        if (values.json) return printJson(result);
        io.out(table([
          ['ID', 'STRENGTH', 'THEMES', 'TEXT'],
          ...result.items.map((c) => [c.id, c.strength, c.themes.map((t) => t.theme).join(',') || '-', clip(c.text, 100)]),
        ]));
        io.err(`${result.items.length} of ${result.totalExact ? '' : 'about '}${result.total} commitments${result.next ? `; next page: --after ${result.next}` : ''}\n`);
      } else {
        const result = await organizationList(store, CLI_SCOPE, filter, page);
        if (values.json) return printJson(result);
        io.out(table([
          ['ID', 'COMMITMENTS', 'PARTNERS', 'NAME'],
          ...result.items.map((o) => [
            o.id, String(o.commitments), o.partners.map((p) => `${p.party}:${p.commitments}`).join(' ') || '-',
            o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name,
          ]),
        ]));
        io.err(`${result.items.length} of ${result.total} organizations\n`);
      }
      return 0;
    }, true);
  },
};
