// Read queries of the register: plans, commitments, organizations, full-text search and the theme × partner
// matrix, all filtered the same way (CommitmentFilter) and returned as views (views.ts), never as table rows.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DocumentKind, Span, Strength, ThemeAssignment } from '../types.js';
import type { CommitmentRow, Database } from './schema.js';
import { isUnspaced } from '../text.js';
import { firstDayOf } from './write-plan.js';
import { commitmentReadable, planReadable, statusSeen, type ReadScope } from './scope.js';
import type { ImplementationStatus } from '../track/status.js';
import type {
  ActorRef,
  CommitmentFilter,
  CommitmentView,
  MatrixCell,
  OrganizationEngagement,
  PageRequest,
  Paged,
  PlanDetail,
  PlanStatus,
  PlanSummary,
  SearchHit,
  SearchCursor,
  SearchResult,
  SnippetPart,
} from './views.js';

type Db = Kysely<Database>;
type Condition = RawBuilder<unknown>;

const and = (conditions: Condition[]): Condition => (conditions.length ? sql`(${sql.join(conditions, sql` and `)})` : sql`true`);

/** Conditions on plans (alias `p`) from a filter, the plans `scope` may read only. */
function planConditions(filter: CommitmentFilter, scope: ReadScope): Condition[] {
  const conditions: Condition[] = scope.all ? [] : [planReadable(scope)];
  if (filter.party) conditions.push(sql`p.parties @> ${JSON.stringify([filter.party.toUpperCase()])}::jsonb`);
  if (filter.plan) conditions.push(sql`p.id = ${filter.plan}`);
  if (filter.year !== undefined) {
    const year = String(filter.year);
    conditions.push(sql`coalesce(left(p.period_start, 4), left(p.signed_date, 4)) <= ${year}`);
    conditions.push(sql`coalesce(left(p.period_end, 4), left(p.period_start, 4), left(p.signed_date, 4)) >= ${year}`);
  }
  return conditions;
}

/** Conditions on commitments (alias `c`) from a filter, plan conditions excluded. */
function commitmentOnlyConditions(filter: CommitmentFilter, scope: ReadScope): Condition[] {
  const conditions: Condition[] = [];
  if (filter.strength) conditions.push(sql`c.strength = ${filter.strength}`);
  if (filter.theme) {
    conditions.push(sql`exists (select 1 from commitment_themes t where t.commitment_id = c.id and t.theme = ${filter.theme})`);
  }
  if (filter.organization) {
    const org = filter.organization;
    conditions.push(sql`exists (select 1 from commitment_actors a join organizations o on o.id = a.organization_id
      where a.commitment_id = c.id and (lower(o.id) = lower(${org}) or lower(o.acronym) = lower(${org}) or lower(o.name) = lower(${org})))`);
  }
  if (filter.status) conditions.push(statusCondition(filter.status, scope));
  return conditions;
}

/** A commitment (alias `c`) has this status now, as `scope` sees it; a commitment without any update is `not_started`. */
export function statusCondition(status: string, scope: ReadScope): Condition {
  if (!scope.all) return sql`${statusSeen(scope)} = ${status}`;
  return status === 'not_started'
    ? sql`not exists (select 1 from commitment_status s where s.commitment_id = c.id and s.status <> 'not_started')`
    : sql`exists (select 1 from commitment_status s where s.commitment_id = c.id and s.status = ${status})`;
}

/** The columns of a commitment view; its status as `scope` sees it. */
const commitmentColumns = (scope: ReadScope) => sql`c.id, c.plan_id, c.key, c.text, c.span_start, c.span_end, c.section_key, c.section_title,
  c.strength, c.strength_cue, c.parent_key, c.version, c.corrected, ${statusSeen(scope)} as status`;

/** Plan conditions for a query over commitments (alias `c`), as a subquery so no join with plans is planned. */
function planSubquery(filter: CommitmentFilter, scope: ReadScope): Condition[] {
  const conditions = planConditions(filter, scope);
  return conditions.length ? [sql`c.plan_id in (select p.id from plans p where ${and(conditions)})`] : [];
}

/** The columns `commitmentColumns` selects, typed by the schema so the two cannot drift apart. */
type CommitmentRecord = Pick<
  CommitmentRow,
  | 'id' | 'plan_id' | 'key' | 'text' | 'span_start' | 'span_end' | 'section_key' | 'section_title'
  | 'strength' | 'strength_cue' | 'parent_key' | 'version' | 'corrected'
> & { status: string };

interface Related {
  plans: Map<string, { title: string | null; parties: string[] }>;
  themes: Map<string, ThemeAssignment[]>;
  actors: Map<string, ActorRef[]>;
}

/** Plans, themes and actors of some commitments, in three indexed lookups (cheaper than per-row subqueries). */
async function related(db: Db, rows: CommitmentRecord[]): Promise<Related> {
  const ids = rows.map((r) => r.id);
  const planIds = [...new Set(rows.map((r) => r.plan_id))];
  if (!ids.length) return { plans: new Map(), themes: new Map(), actors: new Map() };
  const [plans, themes, actors] = await Promise.all([
    db.selectFrom('plans').select(['id', 'title', 'parties']).where('id', 'in', planIds).execute(),
    db.selectFrom('commitment_themes').select(['commitment_id', 'theme', 'cue']).where('commitment_id', 'in', ids).orderBy('theme').execute(),
    db
      .selectFrom('commitment_actors as a')
      .innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .select(['a.commitment_id', 'o.id', 'o.name', 'o.acronym', 'o.party'])
      .where('a.commitment_id', 'in', ids)
      .orderBy('o.id')
      .execute(),
  ]);
  const group = <T, V>(items: T[], key: (t: T) => string, value: (t: T) => V) => {
    const map = new Map<string, V[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), value(item)]);
    return map;
  };
  return {
    plans: new Map(plans.map((p) => [p.id, { title: p.title, parties: p.parties }])),
    themes: group(themes, (t) => t.commitment_id, (t) => ({ theme: t.theme, cue: t.cue })),
    actors: group(actors, (a) => a.commitment_id, (a) => ({ id: a.id, name: a.name, acronym: a.acronym, party: a.party })),
  };
}

async function toCommitmentViews(db: Db, rows: CommitmentRecord[]): Promise<CommitmentView[]> {
  const more = await related(db, rows);
  return rows.map((r) => toCommitmentView(r, more));
}

function toCommitmentView(r: CommitmentRecord, more: Related): CommitmentView {
  const plan = more.plans.get(r.plan_id);
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle: plan?.title ?? null,
    parties: plan?.parties ?? [],
    key: r.key,
    text: r.text,
    span: { start: r.span_start, end: r.span_end },
    sectionId: r.section_key,
    section: r.section_title,
    strength: r.strength as Strength,
    strengthCue: r.strength_cue,
    actors: more.actors.get(r.id) ?? [],
    parentId: r.parent_key ? `${r.plan_id}:${r.parent_key}` : null,
    themes: more.themes.get(r.id) ?? [],
    version: r.version,
    corrected: r.corrected,
    status: r.status as ImplementationStatus,
  };
}

/**
 * What a commitment view needs beside its row (alias `c`, its plan joined as `pl`), looked up per row in the
 * same statement: a page of 50 costs 100 index probes instead of three more round trips.
 */
const viewExtras = sql`pl.title as plan_title, pl.parties as plan_parties,
  (select json_agg(json_build_object('theme', t.theme, 'cue', t.cue) order by t.theme) from commitment_themes t where t.commitment_id = c.id) as themes,
  (select json_agg(json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'party', o.party) order by o.id)
    from commitment_actors a join organizations o on o.id = a.organization_id where a.commitment_id = c.id) as actors`;

type ViewRecord = Partial<CommitmentRecord> & { plan_title: string | null; plan_parties: string[] | null; themes: ThemeAssignment[] | null; actors: ActorRef[] | null };

/** A row selected with `viewExtras` as a view; null for the empty row of a left join. */
function viewOf(r: ViewRecord): CommitmentView | null {
  if (r.id === null || r.id === undefined) return null;
  return toCommitmentView(r as CommitmentRecord, {
    plans: new Map([[r.plan_id!, { title: r.plan_title, parties: r.plan_parties ?? [] }]]),
    themes: new Map([[r.id, r.themes ?? []]]),
    actors: new Map([[r.id, r.actors ?? []]]),
  });
}

/** Commitments by register id that `scope` may read, in the order of `ids`, in one statement. */
export async function commitmentsById(db: Db, ids: string[], scope: ReadScope): Promise<CommitmentView[]> {
  if (!ids.length) return [];
  const { rows } = await sql<ViewRecord>`select ${commitmentColumns(scope)}, ${viewExtras} from commitments c
    left join plans pl on pl.id = c.plan_id where c.id in (${sql.join(ids)}) and ${commitmentReadable(scope)}`.execute(db);
  const byId = new Map(rows.map(viewOf).filter((v) => v !== null).map((v) => [v.id, v]));
  return ids.map((id) => byId.get(id)).filter((v): v is CommitmentView => v !== undefined);
}

export async function getCommitment(db: Db, id: string, scope: ReadScope): Promise<CommitmentView | null> {
  return (await commitmentsById(db, [id], scope))[0] ?? null;
}

/**
 * A list total dearer than this to count, in the planner's cost units, is the planner's estimate instead (see
 * listTotal). Counting one party's intent commitments on energy at a million commitments costs about 97,000 (the
 * party's 16,000 commitments against the theme's 71,000 rows: 30–170 ms on two busy cores); the same count in
 * an office's register of a few thousand commitments costs a few hundred, and is made.
 */
export const COUNT_COST_LIMIT = 5000;

/**
 * Commitments matching `filter`, in document order within plans ordered by id, with their total, in one
 * statement: the page walks the (plan_id, ord) index and stops at the limit (from `page.after` when given: a
 * keyset that stays put when plans are added, where a deep offset would walk every row before it), its plans,
 * themes and actors are looked up per row of the page, and the total comes apart (listTotal).
 * The walk selects only the page's keys, so the rows an offset skips cost no status lookup and, without
 * commitment filters, no heap read (an index-only scan: offset 10,000 of a million read 141 buffers, not 12,388);
 * the page's columns are read for its 50 keys ((plan_id, ord) is unique: ord is the commitment's place in its plan).
 * The total is exact (`totalExact`) unless counting would cost more than `countCostLimit`; an estimate never
 * contradicts the page (it is at least the rows up to its end, plus one when `next` says more may follow), and
 * a page that ends the list before its limit makes the total exact again. An offset past the end (reached when the
 * last page was exactly full) shows no rows to bound an estimate with: that total is counted.
 */
export async function listCommitments(
  db: Db,
  filter: CommitmentFilter,
  page: PageRequest,
  scope: ReadScope,
  countCostLimit = COUNT_COST_LIMIT,
): Promise<Paged<CommitmentView> & { totalExact: boolean }> {
  const after = page.after ? [sql`(c.plan_id, c.ord) > (${page.after.planId}, ${page.after.ord})`] : [];
  const where = and([...planSubquery(filter, scope), ...commitmentOnlyConditions(filter, scope), ...after]);
  const total = await listTotal(db, filter, scope, countCostLimit);
  const { rows } = await sql<ViewRecord & { total: number; ord: number | null }>`
    select k.total, c.*, ${viewExtras}
    from (${total.count}) k
      left join lateral (select c.plan_id, c.ord from commitments c where ${where}
        order by c.plan_id, c.ord limit ${page.limit} offset ${page.offset}) at on true
      left join lateral (select ${commitmentColumns(scope)}, c.ord from commitments c where c.plan_id = at.plan_id and c.ord = at.ord) c on true
      left join plans pl on pl.id = c.plan_id
    order by c.plan_id, c.ord`.execute(db);
  const items = rows.map(viewOf).filter((v) => v !== null);
  const last = rows.at(-1);
  const next = items.length === page.limit && last?.plan_id && last.ord !== null ? { planId: last.plan_id, ord: last.ord } : undefined;
  const counted = rows[0]?.total ?? 0;
  if (!total.exact && !items.length && page.offset > 0 && !page.after) {
    const exact = await sql<{ total: number }>`select count(*)::int as total from commitments c where ${where}`.execute(db);
    return { items, total: exact.rows[0]?.total ?? 0, totalExact: true };
  }
  const through = page.offset + items.length;
  const ended = !next && !page.after && (items.length > 0 || page.offset === 0);
  const [sum, totalExact] = total.exact ? [counted, true] : ended ? [through, true] : [Math.max(counted, through + (next ? 1 : 0)), false];
  return { items, total: sum, totalExact, ...(next ? { next } : {}) };
}

/**
 * How a list's total is found, as a query of one row (`total`), and whether it is a count. Without commitment
 * conditions the per-plan counts that migration 003's triggers keep answer it, and with one strength or one
 * theme the per-plan counts of migration 012 (by migration 017's index): both exact, and cheap at any size.
 * Other filters (two commitment conditions, an organization, a status) count the matching commitments when the
 * planner expects that to cost at most `costLimit`, else give the planner's estimate of them (`exact: false`),
 * as a search does beyond its ranked candidates (`counted`): a total that takes longer than the page is not
 * worth waiting for, and "about 1,160" tells a desk officer what 1,319 would.
 */
async function listTotal(db: Db, filter: CommitmentFilter, scope: ReadScope, costLimit: number): Promise<{ count: RawBuilder<{ total: number }>; exact: boolean }> {
  const plans = planConditions(filter, scope);
  const inPlans = (column: RawBuilder<unknown>) => (plans.length ? sql`${column} in (select p.id from plans p where ${and(plans)})` : sql`true`);
  const commitmentConds = commitmentOnlyConditions(filter, scope);
  if (!commitmentConds.length) {
    return { exact: true, count: sql`select coalesce(sum(k.n), 0)::int as total from commitment_counts k where ${inPlans(sql`k.plan_id`)}` };
  }
  const facet = commitmentConds.length > 1 ? null : filter.strength ? { facet: 'strength', value: filter.strength } : filter.theme ? { facet: 'theme', value: filter.theme } : null;
  if (facet) {
    return {
      exact: true,
      count: sql`select coalesce(sum(k.n), 0)::int as total from plan_counts k
        where k.facet = ${facet.facet} and k.value = ${facet.value} and ${inPlans(sql`k.plan_id`)}`,
    };
  }
  const where = and([...planSubquery(filter, scope), ...commitmentConds]);
  const planned = await plannerEstimate(db, where);
  return planned.cost <= costLimit
    ? { exact: true, count: sql`select count(*)::int as total from commitments c where ${where}` }
    : { exact: false, count: sql`select ${Math.round(planned.rows)}::int as total` };
}

/** The planner's estimate of the commitments (alias `c`) matching `where`: how many, and what reading them all would cost. */
async function plannerEstimate(db: Db, where: Condition): Promise<{ rows: number; cost: number }> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) select 1 from commitments c where ${where}`.execute(db);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number; 'Total Cost': number } }];
  return { rows: plan[0].Plan['Plan Rows'], cost: plan[0].Plan['Total Cost'] };
}

interface PlanRecord {
  id: string;
  title: string | null;
  kind: string;
  parties: string[];
  partnership_id: string | null;
  period_start: string | null;
  period_end: string | null;
  period_end_day: string | null;
  signed_date: string | null;
  signed_place: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  successor_start: string | null;
  document_id: string;
  document_name: string;
  media_type: string;
  commitment_count: number;
  version: number;
  published: boolean;
}

const planColumns = sql`p.id, p.title, p.kind, p.parties, p.partnership_id, p.period_start, p.period_end, p.period_end_day,
  p.signed_date, p.signed_place, p.supersedes, p.version, p.published, p.document_id, d.name as document_name, d.media_type,
  successor.id as superseded_by, successor.start as successor_start, coalesce(k.n, 0) as commitment_count`;

/**
 * Plans (alias `p`) with what planColumns reads: the document, the successor (one lookup of the supersedes
 * index per plan, not two) and the commitment count (joined, so a list of every plan hashes it once).
 */
const planFrom = sql`plans p join documents d on d.id = p.document_id
  left join lateral (select n.id, coalesce(n.period_start, n.signed_date) as start from plans n where n.supersedes = p.id order by n.id limit 1) successor on true
  left join commitment_counts k on k.plan_id = p.id`;

/** Today as `YYYY-MM-DD` (UTC), the reference for `expired`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A plan's status on `today`, from its dates (never from the order plans were stored in): `signed` (signed,
 * not yet in force) before its period starts, `in_force`, `expired` after its last day, and `superseded` once
 * its successor's period has started (a renewal signed now for four years on leaves it in force until then).
 */
export function planStatus(plan: { start: string | null; endDay: string | null; successorStart: string | null }, today: string): PlanStatus {
  const successorFrom = firstDayOf(plan.successorStart);
  if (successorFrom && successorFrom <= today) return 'superseded';
  if (plan.endDay && plan.endDay < today) return 'expired';
  const from = firstDayOf(plan.start);
  if (from && from > today) return 'signed';
  return 'in_force';
}

function toPlanSummary(r: PlanRecord, today: string): PlanSummary {
  const status = planStatus({ start: r.period_start ?? r.signed_date, endDay: r.period_end_day, successorStart: r.successor_start }, today);
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as DocumentKind,
    parties: r.parties,
    partnershipId: r.partnership_id,
    period: { start: r.period_start, end: r.period_end },
    signed: { date: r.signed_date, place: r.signed_place },
    status,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    documentId: r.document_id,
    documentName: r.document_name,
    mediaType: r.media_type,
    commitmentCount: r.commitment_count,
    version: r.version,
    published: r.published,
  };
}

/** Plans matching `filter` (commitment filters: plans with at least one such commitment), by partnership then date. */
export async function listPlans(db: Db, filter: CommitmentFilter, page: PageRequest, scope: ReadScope, today = new Date()): Promise<Paged<PlanSummary>> {
  const commitmentConds = commitmentOnlyConditions(filter, scope);
  const conditions = [...planConditions(filter, scope)];
  if (commitmentConds.length) conditions.push(sql`exists (select 1 from commitments c where c.plan_id = p.id and ${and(commitmentConds)})`);
  const { rows } = await sql<PlanRecord & { total: number }>`select ${planColumns}, count(*) over ()::int as total
    from ${planFrom} where ${and(conditions)}
    order by p.partnership_id nulls last, coalesce(p.period_start, p.signed_date) nulls last, p.id
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return { items: rows.map((r) => toPlanSummary(r, isoDay(today))), total: rows[0]?.total ?? 0 };
}

/** A plan with its text and everything extracted from it (corrections applied), or null (also when `scope` may not read it). */
export async function getPlan(db: Db, id: string, scope: ReadScope, today = new Date()): Promise<PlanDetail | null> {
  const { rows } = await sql<PlanRecord & { text: string }>`select ${planColumns}, d.text
    from ${planFrom} where p.id = ${id} and ${planReadable(scope)}`.execute(db);
  const plan = rows[0];
  if (!plan) return null;
  const [sections, commitments, organizations, instruments, mechanisms, provisions] = await Promise.all([
    db.selectFrom('sections').selectAll().where('plan_id', '=', id).orderBy('ord').execute(),
    sql<CommitmentRecord>`select ${commitmentColumns(scope)} from commitments c where c.plan_id = ${id} order by c.ord`.execute(db),
    db
      .selectFrom('plan_organizations as po')
      .innerJoin('organizations as o', 'o.id', 'po.organization_id')
      .select(['o.id', 'o.name', 'o.acronym', 'o.party', 'po.name as printed', 'po.span_start', 'po.span_end', 'po.mentions'])
      .where('po.plan_id', '=', id)
      .orderBy('po.span_start')
      .execute(),
    db.selectFrom('instruments').selectAll().where('plan_id', '=', id).orderBy('span_start').execute(),
    db.selectFrom('mechanisms').selectAll().where('plan_id', '=', id).orderBy('span_start').execute(),
    db.selectFrom('provisions').selectAll().where('plan_id', '=', id).orderBy('span_start').execute(),
  ]);
  const span = (r: { span_start: number; span_end: number }) => ({ start: r.span_start, end: r.span_end });
  return {
    ...toPlanSummary(plan, isoDay(today)),
    text: plan.text,
    sections: sections.map((s) => ({
      id: s.key,
      number: s.number,
      title: s.title,
      level: s.level,
      kind: s.kind as 'heading' | 'rowGroup',
      parentId: s.parent_key,
      span: span(s),
    })),
    commitments: await toCommitmentViews(db, commitments.rows),
    organizations: organizations.map((o) => ({
      id: o.id,
      name: o.name,
      acronym: o.acronym,
      party: o.party,
      printed: o.printed,
      span: span(o),
      mentions: o.mentions,
    })),
    instruments: instruments.map((i) => ({ id: i.key, kind: i.kind as never, title: i.title, date: i.date, span: span(i) })),
    mechanisms: mechanisms.map((m) => ({ id: m.key, name: m.name, cadence: m.cadence as never, span: span(m) })),
    provisions: provisions.map((p) => ({ id: p.key, kind: p.kind as never, text: p.text, span: span(p) })),
  };
}

/**
 * Organizations named in plans matching `filter`, with how many (matching) commitments name them, per partner.
 * With a theme, strength or organization filter, only bodies named by such commitments are listed.
 */
export async function listOrganizations(db: Db, filter: CommitmentFilter, page: PageRequest, scope: ReadScope): Promise<Paged<OrganizationEngagement>> {
  const planWhere = and(planConditions(filter, scope));
  const commitmentWhere = and([...planConditions(filter, scope), ...commitmentOnlyConditions(filter, scope)]);
  const narrowed = commitmentOnlyConditions(filter, scope).length > 0;
  // Without commitment filters the per-plan counts of migration 012 answer, not every commitment naming a body.
  const { rows: counts } = narrowed
    ? await sql<{ id: string; partner: string | null; n: number }>`
        select a.organization_id as id, p.partner, count(*)::int as n
        from commitment_actors a join commitments c on c.id = a.commitment_id join plans p on p.id = c.plan_id
        where ${commitmentWhere} group by a.organization_id, p.partner`.execute(db)
    : await sql<{ id: string; partner: string | null; n: number }>`
        select k.value as id, p.partner, sum(k.n)::int as n from plan_counts k join plans p on p.id = k.plan_id
        where k.facet = 'organization' and ${planWhere} group by k.value, p.partner`.execute(db);
  const { rows: named } = await sql<{ id: string; plans: number }>`
    select po.organization_id as id, count(distinct po.plan_id)::int as plans
    from plan_organizations po join plans p on p.id = po.plan_id where ${planWhere} group by po.organization_id`.execute(db);
  const perOrg = new Map<string, { partners: Map<string, number>; total: number }>();
  for (const c of counts) {
    const entry = perOrg.get(c.id) ?? { partners: new Map(), total: 0 };
    entry.total += c.n;
    if (c.partner) entry.partners.set(c.partner, (entry.partners.get(c.partner) ?? 0) + c.n);
    perOrg.set(c.id, entry);
  }
  const plansByOrg = new Map(named.map((n) => [n.id, n.plans]));
  const ids = [...new Set([...perOrg.keys(), ...(narrowed ? [] : plansByOrg.keys())])];
  if (!ids.length) return { items: [], total: 0 };
  const orgs = await db.selectFrom('organizations').selectAll().where('id', 'in', ids).execute();
  const items = orgs
    .map((o) => {
      const engagement = perOrg.get(o.id);
      return {
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        party: o.party,
        aliases: o.aliases,
        partners: [...(engagement?.partners ?? [])]
          .map(([party, commitments]) => ({ party, commitments }))
          .sort((a, b) => b.commitments - a.commitments || a.party.localeCompare(b.party)),
        commitments: engagement?.total ?? 0,
        plans: plansByOrg.get(o.id) ?? 0,
      };
    })
    .sort((a, b) => b.commitments - a.commitments || a.id.localeCompare(b.id));
  return { items: items.slice(page.offset, page.offset + page.limit), total: items.length };
}

export async function getOrganization(db: Db, id: string, scope: ReadScope): Promise<OrganizationEngagement | null> {
  const org = await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
  if (!org) return null;
  const { items } = await listOrganizations(db, { organization: id }, { limit: 1000, offset: 0 }, scope);
  const found = items.find((o) => o.id === id);
  if (found) return found;
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from plan_organizations po join plans p on p.id = po.plan_id
    where po.organization_id = ${id} and ${planReadable(scope)}`.execute(db);
  return { id: row.id, name: row.name, acronym: row.acronym, party: row.party, aliases: row.aliases, partners: [], commitments: 0, plans: rows[0]?.n ?? 0 };
}

/** Commitments per (theme, partner) for plans matching `filter`: the portfolio heatmap. */
export async function themePartnerMatrix(db: Db, filter: CommitmentFilter, scope: ReadScope): Promise<MatrixCell[]> {
  const commitmentConds = commitmentOnlyConditions(filter, scope);
  const where = and([sql`p.partner is not null`, ...planConditions(filter, scope), ...commitmentConds]);
  // Without commitment filters the per-plan theme counts of migration 012 answer, a few rows per plan.
  const { rows } = commitmentConds.length
    ? await sql<MatrixCell>`select t.theme, p.partner, count(*)::int as count
        from commitment_themes t join commitments c on c.id = t.commitment_id join plans p on p.id = t.plan_id
        where ${where} group by t.theme, p.partner order by t.theme, p.partner`.execute(db)
    : await sql<MatrixCell>`select k.value as theme, p.partner, sum(k.n)::int as count
        from plan_counts k join plans p on p.id = k.plan_id
        where k.facet = 'theme' and ${where} group by k.value, p.partner order by k.value, p.partner`.execute(db);
  return rows;
}

/**
 * A search ranks at most this many matches (plus one, to know there are more): a broad query ("cooperation"
 * matches a third of a million-commitment register) is cut to its first SEARCH_CANDIDATES matches by the index
 * scan, and only those are ranked and paged, so no query ranks the whole register.
 */
export const SEARCH_CANDIDATES = 1000;

/**
 * Ranked search over commitment text. Spaced scripts use PostgreSQL full-text search
 * (`websearch_to_tsquery`: `hydrogen -nuclear`, `"offshore wind"`, `ai or quantum`), ranked by ts_rank;
 * Japanese queries, and queries full-text search finds nothing for, match every word as written
 * (LIKE/ILIKE, narrowed by the bigram and trigram indexes), ranked by trigram similarity.
 * At most SEARCH_CANDIDATES matches are ranked (`ranked`); when there are more, `total` is the planner's
 * estimate of all matches (`totalExact: false`), else the exact count.
 * Snippets are cut here rather than by ts_headline, which costs about a millisecond a row on PGlite.
 */
export async function searchCommitments(db: Db, query: string, filter: CommitmentFilter, page: PageRequest, scope: ReadScope, candidates = SEARCH_CANDIDATES): Promise<SearchResult> {
  const q = query.trim();
  if (!q) return { items: [], total: 0, totalExact: true, ranked: 0, mode: 'fulltext' };
  const filters = [...planSubquery(filter, scope), ...commitmentOnlyConditions(filter, scope)];
  if (!isUnspaced(q)) {
    const where = and([sql`c.tsv @@ websearch_to_tsquery('english', ${q})`, ...filters]);
    const found = await rankCandidates(db, where, sql`ts_rank(c.tsv, websearch_to_tsquery('english', ${q}))`, page, candidates);
    if (found.matched || page.offset) {
      const { rows } = await sql<{ stems: string[] }>`select tsvector_to_array(to_tsvector('english', ${q})) as stems`.execute(db);
      const stems = rows[0]?.stems ?? [];
      return {
        items: await hits(db, found.rows, (text) => snippet(text, stemMatches(text, stems)), scope),
        ...(await counted(db, found.matched, where, candidates)),
        ...found.next,
        mode: 'fulltext',
      };
    }
  }
  const terms = q.split(/\s+/).filter(Boolean);
  const where = and([...substringConditions(terms), ...filters]);
  const found = await rankCandidates(db, where, sql`similarity(c.text, ${q})`, page, candidates);
  return {
    items: await hits(db, found.rows, (text) => snippet(text, substringMatches(text, terms)), scope),
    ...(await counted(db, found.matched, where, candidates)),
    ...found.next,
    mode: 'substring',
  };
}

/**
 * Commitments (alias `c`) containing every term as written: ILIKE for terms with Latin letters, LIKE otherwise;
 * the bigram index narrows Japanese terms to candidate rows (the trigram index cannot serve two characters),
 * and LIKE then checks the exact sequence.
 */
export function substringConditions(terms: string[]): Condition[] {
  const conditions = terms.map((term) => {
    const pattern = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return /[a-z]/i.test(term) ? sql`c.text ilike ${pattern}` : sql`c.text like ${pattern}`;
  });
  const bigrams = [...new Set(terms.flatMap(cjkBigrams))];
  if (bigrams.length) conditions.push(sql`c.cjk @@ ${bigrams.map((b) => `'${b}'`).join(' & ')}::tsquery`);
  return conditions;
}

/**
 * The first `candidates` + 1 commitments matching `where` (in index order, no sort), ranked by `rank`;
 * the requested page of the best `candidates`, best first (ties by id), and how many matched (at most `candidates` + 1).
 * With `page.afterHit` the page starts right after that hit in the same order (rank, then id: no hit is skipped
 * or repeated between pages, however many share a rank). One row more than the page is read, to know whether a
 * next page exists (`next`).
 */
async function rankCandidates(
  db: Db,
  where: Condition,
  rank: RawBuilder<number>,
  page: PageRequest,
  candidates: number,
): Promise<{ rows: { id: string; rank: number }[]; matched: number; next: { nextHit?: SearchCursor } }> {
  const after = page.afterHit;
  const limit = Math.max(0, Math.min(page.limit + 1, after ? page.limit + 1 : candidates - page.offset));
  // After a cursor, the hits are the best `candidates` numbered in order (the same set the first page's offsets
  // run over), then those past the cursor; a real compared with a real parameter is exact (shortest round-trip text).
  const best = after
    ? sql`select id, rank from (select id, rank, row_number() over (order by rank desc, id) as n from candidate) o
        where n <= ${candidates} and (rank < ${after.rank}::real or (rank = ${after.rank}::real and id > ${after.id}))`
    : sql`select id, rank from candidate`;
  const { rows } = await sql<{ id: string | null; rank: number; ranked: number }>`
    with candidate as materialized (select c.id, ${rank} as rank from commitments c where ${where} limit ${candidates + 1}),
      ranked as (select count(*)::int as ranked from candidate)
    select p.id, p.rank, ranked.ranked from ranked
      left join lateral (${best} order by rank desc, id limit ${limit} offset ${page.offset}) p on true`.execute(db);
  const found = rows.filter((r): r is { id: string; rank: number; ranked: number } => r.id !== null);
  const shown = found.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const before = (after?.position ?? 0) + page.offset + shown.length;
  const more = found.length > page.limit && (after !== undefined || before < candidates);
  return {
    rows: shown,
    matched: rows[0]?.ranked ?? 0,
    next: more && last ? { nextHit: { rank: Number(last.rank), id: last.id, position: before } } : {},
  };
}

/** The exact total when every match was ranked, else the planner's estimate of the matches (never below what was found). */
async function counted(db: Db, found: number, where: Condition, candidates: number): Promise<{ total: number; totalExact: boolean; ranked: number }> {
  if (found <= candidates) return { total: found, totalExact: true, ranked: found };
  const planned = await plannerEstimate(db, where);
  return { total: Math.max(candidates + 1, Math.round(planned.rows)), totalExact: false, ranked: candidates };
}

// A word of commitment text, for marking full-text matches: `hydrogen`, `5G`.
const WORD = /[\p{L}\p{N}]+/gu;

/** Words whose start is a query stem (`offshor` marks "offshore"; `studi` marks "studies"). */
function stemMatches(text: string, stems: string[]): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    if (stems.some((stem) => word.startsWith(stem) || (stem.endsWith('i') && word === `${stem.slice(0, -1)}y`))) {
      spans.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  return spans;
}

/** Every case-insensitive occurrence of the terms. */
function substringMatches(text: string, terms: string[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const term of terms.map((t) => t.toLowerCase())) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) spans.push({ start: at, end: at + term.length });
  }
  return spans.sort((a, b) => a.start - b.start).filter((s, i, all) => i === 0 || s.start >= all[i - 1]!.end);
}

/** About 160 characters from shortly before the first match, matches marked. */
function snippet(text: string, matches: Span[]): SnippetPart[] {
  const from = matches[0] ? Math.max(0, text.lastIndexOf(' ', Math.max(0, matches[0].start - 60)) + 1) : 0;
  const to = Math.min(text.length, from + 160);
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', match: false });
  let at = from;
  for (const m of matches) {
    if (m.start < at || m.end > to) continue;
    if (m.start > at) parts.push({ text: text.slice(at, m.start), match: false });
    parts.push({ text: text.slice(m.start, m.end), match: true });
    at = m.end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), match: false });
  if (to < text.length) parts.push({ text: ' …', match: false });
  return parts;
}

// Runs of Japanese/Chinese characters, as the migration's kizuna_cjk_bigrams cuts them: `水素エネルギー`.
const CJK_RUN = /[ぁ-ヿ㐀-鿿豈-﫿]{2,}/gu;

/** Character bigrams of the Japanese/Chinese runs of `term`: `水素エネ` → 水素, 素エ, エネ. */
export function cjkBigrams(term: string): string[] {
  const grams: string[] = [];
  for (const [run] of term.matchAll(CJK_RUN)) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

async function hits(db: Db, rows: { id: string; rank: number }[], snippetOf: (text: string) => SnippetPart[], scope: ReadScope): Promise<SearchHit[]> {
  const views = await commitmentsById(db, rows.map((r) => r.id), scope);
  const rank = new Map(rows.map((r) => [r.id, Number(r.rank)]));
  return views.map((commitment) => ({ commitment, rank: rank.get(commitment.id) ?? 0, snippet: snippetOf(commitment.text) }));
}
