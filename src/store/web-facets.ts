// Page-specific read for the search page: facet counts (party, theme, strength, organization, plan, year, status)
// over the commitments a query and filters select, computed in one pass in the database.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';
import type { CommitmentFilter } from './views.js';
import { statusCondition, substringConditions } from './queries.js';
import { planReadable, statusSeen, type ReadScope } from './scope.js';

type Condition = RawBuilder<unknown>;

export interface FacetCounts {
  party: { value: string; count: number }[];
  theme: { value: string; count: number }[];
  strength: { value: string; count: number }[];
  organization: { value: string; count: number; label: string }[];
  plan: { value: string; count: number; label: string }[];
  year: { value: string; count: number }[];
  status: { value: string; count: number }[];
}

/**
 * How the query matches: `fulltext` as searchCommitments does for spaced scripts (websearch_to_tsquery),
 * `substring` for every word as a case-insensitive substring (Japanese, partial words), `none` for no query.
 */
export type Match = { mode: 'fulltext'; query: string } | { mode: 'substring'; terms: string[] } | { mode: 'none' };

/**
 * The filter as SQL over `commitments c join plans p`; kept in step with queries.ts (same meaning for
 * party, theme, strength, organization, plan and year).
 */
function conditions(filter: CommitmentFilter, match: Match, scope: ReadScope): Condition[] {
  const out: Condition[] = scope.all ? [] : [planReadable(scope)];
  if (filter.party) out.push(sql`p.parties @> ${JSON.stringify([filter.party.toUpperCase()])}::jsonb`);
  if (filter.plan) out.push(sql`p.id = ${filter.plan}`);
  if (filter.year !== undefined) {
    const year = String(filter.year);
    out.push(sql`coalesce(left(p.period_start, 4), left(p.signed_date, 4)) <= ${year}`);
    out.push(sql`coalesce(left(p.period_end, 4), left(p.period_start, 4), left(p.signed_date, 4)) >= ${year}`);
  }
  if (filter.strength) out.push(sql`c.strength = ${filter.strength}`);
  if (filter.theme) out.push(sql`exists (select 1 from commitment_themes t where t.commitment_id = c.id and t.theme = ${filter.theme})`);
  if (filter.organization) {
    const org = filter.organization;
    out.push(sql`exists (select 1 from commitment_actors a join organizations o on o.id = a.organization_id
      where a.commitment_id = c.id and (lower(o.id) = lower(${org}) or lower(o.acronym) = lower(${org}) or lower(o.name) = lower(${org})))`);
  }
  if (filter.status) out.push(statusCondition(filter.status, scope));
  if (match.mode === 'fulltext') out.push(sql`c.tsv @@ websearch_to_tsquery('english', ${match.query})`);
  if (match.mode === 'substring') out.push(...substringConditions(match.terms));
  return out;
}

/** Facets are counted over at most this many matches, so a query matching half the register stays fast. */
export const FACET_SAMPLE = 1000;

/**
 * Facet counts for the commitments matching; each facet lists its 30 largest values. When more than
 * FACET_SAMPLE commitments match, counts cover the first FACET_SAMPLE of them (`sampled: true`).
 */
export async function facetCounts(db: Kysely<Database>, filter: CommitmentFilter, match: Match, scope: ReadScope): Promise<FacetCounts & { sampled: boolean }> {
  const list = conditions(filter, match, scope);
  // Themes and actors are looked up by the hits' ids (`= any(array(…))` keeps their primary-key indexes in
  // play; a join would hash the whole table). Each key is (commitment_id, …), so count(*) counts commitments.
  const where = list.length ? sql.join(list, sql` and `) : sql`true`;
  const { rows } = await sql<{ facet: keyof FacetCounts | 'size'; value: string; label: string | null; count: number }>`
    with probe as (select c.id, c.strength, c.plan_id, p.partner, p.title, ${statusSeen(scope)} as status,
        coalesce(left(p.period_start, 4), left(p.signed_date, 4)) as y0,
        coalesce(left(p.period_end, 4), left(p.period_start, 4), left(p.signed_date, 4)) as y1
      from commitments c join plans p on p.id = c.plan_id where ${where} limit ${FACET_SAMPLE + 1}),
    hit as (select * from probe limit ${FACET_SAMPLE}),
    counted as (
      select 'party' as facet, partner as value, null as label, count(*)::int as count from hit where partner is not null group by partner
      union all select 'strength', strength, null, count(*)::int from hit group by strength
      union all select 'plan', plan_id, min(title), count(*)::int from hit group by plan_id
      union all select 'theme', t.theme, null, count(*)::int from commitment_themes t
        where t.commitment_id = any(array(select id from hit)) group by t.theme
      union all select 'organization', o.id, min(o.name), count(*)::int from commitment_actors a
        join organizations o on o.id = a.organization_id where a.commitment_id = any(array(select id from hit)) group by o.id
      union all select 'status', status, null, count(*)::int from hit group by status
      union all select 'year', y::text, null, count(*)::int from hit,
        generate_series(y0::int, greatest(y0::int, least(y1::int, y0::int + 30))) as y where y0 ~ '^[0-9]{4}$' and y1 ~ '^[0-9]{4}$' group by y),
    ranked as (select *, row_number() over (partition by facet order by count desc, value) as n from counted)
    select facet, value, label, count from ranked where n <= 30
    union all select 'size', null, null, (select count(*)::int from probe)
    order by facet, count desc, value`.execute(db);
  const facets: FacetCounts = { party: [], theme: [], strength: [], organization: [], plan: [], year: [], status: [] };
  let sampled = false;
  for (const row of rows) {
    if (row.facet === 'size') {
      sampled = row.count > FACET_SAMPLE;
      continue;
    }
    const entry = { value: row.value, count: row.count, label: row.label ?? row.value };
    (facets[row.facet] as { value: string; count: number; label?: string }[]).push(entry);
  }
  facets.year.sort((a, b) => a.value.localeCompare(b.value));
  return { ...facets, sampled };
}
