// The one definition of the register's list filter: its fields, what they accept and how a value is read.
// The CLI flags (`--party DK`), the API query parameters (`?party=DK`), the web forms and the search facets
// are all derived from FILTER_FIELDS, so the three ways in cannot drift apart.
import type { InvalidParam } from '../errors.js';
import type { CommitmentFilter as StoreFilter } from '../store/views.js';
import type { Strength } from '../types.js';
import { STATUSES, type ImplementationStatus } from '../track/status.js';

/** The store's filter plus the full-text query `q` (`?party=DK&theme=energy&q=hydrogen`). */
export interface CommitmentFilter extends StoreFilter {
  q?: string;
}

export const STRENGTHS = ['firm', 'intent', 'exploratory'] as const satisfies readonly Strength[];

export type FilterName = keyof CommitmentFilter;

export interface FilterField {
  name: FilterName;
  /** For the API's OpenAPI parameter. */
  description: string;
  /** For `kizuna list --help`: the flag's argument and what it selects. */
  cli: { arg: string; help: string };
  schema: { type: 'string'; enum?: readonly string[]; maxLength?: number } | { type: 'integer'; minimum: number; maximum: number };
}

export const FILTER_FIELDS: readonly FilterField[] = [
  { name: 'party', description: 'Partner party (ISO 3166-1 alpha-2), e.g. DK', cli: { arg: 'CODE', help: 'plans with this party (ISO code: JP, DK, PL…)' }, schema: { type: 'string', maxLength: 8 } },
  { name: 'theme', description: 'Theme id from the taxonomy, e.g. energy', cli: { arg: 'ID', help: 'commitments with this theme (see src/vocab/themes.json: energy, digital_ict…)' }, schema: { type: 'string', maxLength: 64 } },
  { name: 'strength', description: 'Commitment strength', cli: { arg: 'S', help: 'firm, intent or exploratory' }, schema: { type: 'string', enum: STRENGTHS } },
  { name: 'organization', description: 'Organization id (JP:meti), acronym (METI) or name', cli: { arg: 'ORG', help: 'commitments naming this body (id JP:meti, acronym METI or name)' }, schema: { type: 'string', maxLength: 128 } },
  { name: 'plan', description: 'Plan id', cli: { arg: 'ID', help: 'one plan' }, schema: { type: 'string', maxLength: 128 } },
  { name: 'year', description: 'Plans in force during this year', cli: { arg: 'YYYY', help: 'plans whose period covers the year' }, schema: { type: 'integer', minimum: 1900, maximum: 2200 } },
  { name: 'status', description: 'Implementation status now (not_started: no progress recorded yet)', cli: { arg: 'STATUS', help: `${STATUSES.join(', ')}` }, schema: { type: 'string', enum: STATUSES } },
  { name: 'q', description: 'Full-text query', cli: { arg: 'QUERY', help: 'full-text query' }, schema: { type: 'string', maxLength: 500 } },
];

/** The facets the search counts: every filter except the query itself. */
export type FacetName = Exclude<FilterName, 'q'>;
export const FACET_NAMES = FILTER_FIELDS.map((f) => f.name).filter((n): n is FacetName => n !== 'q');

/**
 * Reads a filter from named raw values (CLI flags, query parameters, form fields); empty values are absent.
 * Values out of range are reported in `invalid` (by field name) and left out of `filter`.
 *
 *     readFilter((n) => ({ party: 'dk', year: '2025' })[n]) // → { filter: { party: 'DK', year: 2025 }, invalid: [] }
 */
export function readFilter(get: (name: FilterName) => string | number | undefined): { filter: CommitmentFilter; invalid: InvalidParam[] } {
  const filter: CommitmentFilter = {};
  const invalid: InvalidParam[] = [];
  for (const field of FILTER_FIELDS) {
    const raw = get(field.name);
    const text = typeof raw === 'string' ? raw.trim() : raw;
    if (text === undefined || text === '') continue;
    const { schema } = field;
    if (schema.type === 'integer') {
      const n = Number(text);
      if (!Number.isInteger(n) || n < schema.minimum || n > schema.maximum) {
        invalid.push({ name: field.name, reason: `must be a whole number from ${schema.minimum} to ${schema.maximum}, not '${text}'` });
      } else filter.year = n;
      continue;
    }
    const value = String(text);
    if (schema.enum && !schema.enum.includes(value)) {
      invalid.push({ name: field.name, reason: `must be ${schema.enum.join(', ')}, not '${value}'` });
      continue;
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      invalid.push({ name: field.name, reason: `is longer than ${schema.maxLength} characters` });
      continue;
    }
    if (field.name === 'strength') filter.strength = value as Strength;
    else if (field.name === 'status') filter.status = value as ImplementationStatus;
    else if (field.name === 'party') filter.party = value.toUpperCase();
    else if (field.name !== 'year') filter[field.name] = value;
  }
  return { filter, invalid };
}

/** The filter without its query (what lists, the matrix and the facets take). */
export const withoutQuery = ({ q: _q, ...filter }: CommitmentFilter): StoreFilter => filter;
