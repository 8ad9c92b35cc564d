// The write path of an ingest: one extraction → document, plan, sections, commitments and the rest, inside
// the caller's transaction. Idempotent by the document's sha256 (a UNIQUE key decides races between ingests).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Extraction } from '../types.js';
import type { Database } from './schema.js';
import { applyCommitmentFields, type CorrectedFields } from './corrections.js';

export interface PlanContext {
  /** Party code → display name, for partnership names (`Japan–Denmark`). */
  partyNames: Record<string, string>;
  /** Organization id → other names it goes by (gazetteer aliases). */
  aliases: Record<string, string[]>;
  /** The party whose register this is; the other party of a plan is its `partner`. */
  homeParty: string;
}

/** `p-` + the first 12 hex digits of the document's sha256: the same file is the same plan everywhere. */
export function planIdFor(sha256: string): string {
  return `p-${sha256.slice(0, 12)}`;
}

/** The last day an ISO date as precise as known covers: `2028` → `2028-12-31`, `2028-02` → `2028-02-29`. */
export function lastDayOf(date: string | null): string | null {
  if (!date) return null;
  const [y, m, d] = date.split('-');
  if (d) return date;
  if (m) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return `${y}-${m}-${String(last).padStart(2, '0')}`;
  }
  return `${y}-12-31`;
}

/** The first day a partial date covers: `2030` → `2030-01-01`, `2030-04` → `2030-04-01`. */
export function firstDayOf(date: string | null): string | null {
  if (!date) return null;
  const [y, m, d] = date.split('-');
  return `${y}-${m ?? '01'}-${d ?? '01'}`;
}

const CHUNK = 500;

async function insertChunked<T extends keyof Database & string>(trx: Kysely<Database>, table: T, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
  }
}

/**
 * Stores `extraction` (with the original `bytes`) unless a document with its sha256 is already stored.
 * Returns the plan id and whether this call created it. Must run inside a transaction.
 */
export async function insertPlan(
  trx: Transaction<Database>,
  extraction: Extraction,
  bytes: Uint8Array,
  context: PlanContext,
): Promise<{ planId: string; created: boolean }> {
  const doc = extraction.document;
  const planId = planIdFor(doc.sha256);
  const inserted = await trx
    .insertInto('documents')
    .values({ id: doc.sha256, name: doc.name, media_type: doc.mediaType, byte_length: bytes.byteLength, bytes, text: doc.text })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx.selectFrom('plans').select('id').where('document_id', '=', doc.sha256).executeTakeFirst();
    if (existing) return { planId: existing.id, created: false };
    // Its plan was removed (plan-edits.ts deletePlan keeps the document): storing the file again restores it.
  }
  await writePlanRows(trx, planId, extraction, context);
  return { planId, created: true };
}

/** Writes the plan and everything extracted for it (the document row must exist); re-applies stored commitment corrections (plan-edits.ts reapplyPlanCorrections does the plan's own). */
export async function writePlanRows(trx: Transaction<Database>, planId: string, extraction: Extraction, context: PlanContext): Promise<void> {
  const { metadata } = extraction;
  const parties = [...new Set(metadata.parties)].sort();
  const orgParties = extraction.organizations.map((o) => o.party).filter((p): p is string => Boolean(p));
  // Sorted, so concurrent ingests lock shared rows in the same order and cannot deadlock each other.
  const allParties = [...new Set([...parties, ...orgParties])].sort();
  if (allParties.length) {
    await trx
      .insertInto('parties')
      .values(allParties.map((code) => ({ code, name: context.partyNames[code] ?? null })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  const since = metadata.signed.date ?? metadata.period.start;
  const partnershipId = parties.length ? parties.join('-') : null;
  if (partnershipId) {
    const ordered = [context.homeParty, ...parties.filter((p) => p !== context.homeParty)].filter((p) => parties.includes(p));
    await trx
      .insertInto('partnerships')
      .values({
        id: partnershipId,
        parties: JSON.stringify(parties),
        name: ordered.map((p) => context.partyNames[p] ?? p).join('–'),
        since,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          since: sql`case when excluded.since is null then partnerships.since
            when partnerships.since is null or excluded.since < partnerships.since then excluded.since
            else partnerships.since end`,
        }),
      )
      .execute();
  }

  const organizations = new Map(extraction.organizations.map((o) => [o.id, o]));
  const actorIds = new Set(extraction.commitments.flatMap((c) => c.actors));
  const orgRows = [...new Set([...organizations.keys(), ...actorIds])].sort().map((id) => {
    const org = organizations.get(id);
    return {
      id,
      name: org?.name ?? id,
      acronym: org?.acronym ?? null,
      party: org?.party ?? null,
      aliases: JSON.stringify(context.aliases[id] ?? []),
    };
  });
  if (orgRows.length) {
    await trx.insertInto('organizations').values(orgRows).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  await trx
    .insertInto('plans')
    .values({
      id: planId,
      document_id: extraction.document.sha256,
      partnership_id: partnershipId,
      partner: parties.find((p) => p !== context.homeParty) ?? null,
      kind: metadata.kind,
      title: metadata.title,
      parties: JSON.stringify(parties),
      period_start: metadata.period.start,
      period_end: metadata.period.end,
      period_end_day: lastDayOf(metadata.period.end),
      signed_date: metadata.signed.date,
      signed_place: metadata.signed.place,
      spans: JSON.stringify({
        titleSpan: metadata.titleSpan,
        periodSpan: metadata.period.span,
        signedSpan: metadata.signed.span,
        messages: extraction.messages,
      }),
      extracted: JSON.stringify({
        title: metadata.title,
        kind: metadata.kind,
        parties,
        periodStart: metadata.period.start,
        periodEnd: metadata.period.end,
        signedDate: metadata.signed.date,
        signedPlace: metadata.signed.place,
      }),
    })
    .execute();

  const sectionTitles = new Map(extraction.sections.map((s) => [s.id, s.title]));
  await insertChunked(
    trx,
    'sections',
    extraction.sections.map((s, ord) => ({
      id: `${planId}:${s.id}`,
      plan_id: planId,
      key: s.id,
      ord,
      number: s.number,
      title: s.title,
      level: s.level,
      kind: s.kind,
      parent_key: s.parentId,
      span_start: s.span.start,
      span_end: s.span.end,
    })),
  );
  await insertChunked(
    trx,
    'commitments',
    extraction.commitments.map((c, ord) => ({
      id: `${planId}:${c.id}`,
      plan_id: planId,
      key: c.id,
      ord,
      text: c.text,
      span_start: c.span.start,
      span_end: c.span.end,
      section_key: c.sectionId,
      section_title: c.section ?? (c.sectionId ? (sectionTitles.get(c.sectionId) ?? null) : null),
      strength: c.strength,
      strength_cue: c.strengthCue,
      parent_key: c.parentId,
      extracted: JSON.stringify({
        text: c.text,
        strength: c.strength,
        strengthCue: c.strengthCue,
        sectionId: c.sectionId,
        section: c.section,
        parentId: c.parentId,
        actors: c.actors,
        themes: c.themes,
      }),
    })),
  );
  await insertChunked(
    trx,
    'commitment_themes',
    extraction.commitments.flatMap((c) => c.themes.map((t) => ({ commitment_id: `${planId}:${c.id}`, plan_id: planId, theme: t.theme, cue: t.cue }))),
  );
  await insertChunked(
    trx,
    'commitment_actors',
    extraction.commitments.flatMap((c) => [...new Set(c.actors)].map((a) => ({ commitment_id: `${planId}:${c.id}`, plan_id: planId, organization_id: a }))),
  );
  await insertChunked(
    trx,
    'plan_organizations',
    extraction.organizations.map((o) => ({
      plan_id: planId,
      organization_id: o.id,
      name: o.name,
      span_start: o.span.start,
      span_end: o.span.end,
      mentions: JSON.stringify(o.mentions),
    })),
  );
  const part = (key: string, span: { start: number; end: number }) => ({
    id: `${planId}:${key}`,
    plan_id: planId,
    key,
    span_start: span.start,
    span_end: span.end,
  });
  await insertChunked(trx, 'instruments', extraction.instruments.map((i) => ({ ...part(i.id, i.span), kind: i.kind, title: i.title, date: i.date })));
  await insertChunked(trx, 'mechanisms', extraction.mechanisms.map((m) => ({ ...part(m.id, m.span), name: m.name, cadence: m.cadence })));
  await insertChunked(trx, 'provisions', extraction.provisions.map((p) => ({ ...part(p.id, p.span), kind: p.kind, text: p.text })));

  // A human edit outlives re-extraction: corrections stored for these commitments are applied again.
  const corrections = await trx
    .selectFrom('corrections')
    .select(['entity_id', 'field', 'value'])
    .where('entity', '=', 'commitment')
    .where('entity_id', 'like', `${planId}:%`)
    .execute();
  const byCommitment = new Map<string, CorrectedFields>();
  for (const row of corrections) {
    const fields = byCommitment.get(row.entity_id) ?? {};
    (fields as Record<string, unknown>)[row.field] = row.value;
    byCommitment.set(row.entity_id, fields);
  }
  for (const [id, fields] of byCommitment) {
    const exists = await trx.selectFrom('commitments').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) await applyCommitmentFields(trx, id, fields);
  }
}

export interface SuccessionChange {
  planId: string;
  before: string | null;
  after: string | null;
}

/**
 * Links the plans of one partnership and kind into a chain by date (period start, else signing): each
 * plan supersedes the latest one that started strictly before it. Returns the links that changed.
 */
export async function relinkSuccession(trx: Transaction<Database>, partnershipId: string, kind: string): Promise<SuccessionChange[]> {
  const plans = await trx
    .selectFrom('plans')
    .select(['id', 'supersedes', 'period_start', 'signed_date'])
    .where('partnership_id', '=', partnershipId)
    .where('kind', '=', kind)
    .execute();
  const dated = plans
    .map((p) => ({ ...p, key: p.period_start ?? p.signed_date }))
    .filter((p): p is typeof p & { key: string } => p.key !== null)
    .sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id));
  const changes: SuccessionChange[] = [];
  for (const plan of plans) {
    const own = plan.period_start ?? plan.signed_date;
    const earlier = own === null ? [] : dated.filter((p) => p.key < own);
    const predecessor = earlier.at(-1)?.id ?? null;
    if (predecessor !== plan.supersedes) {
      changes.push({ planId: plan.id, before: plan.supersedes, after: predecessor });
      await trx
        .updateTable('plans')
        .set({ supersedes: predecessor, version: sql`version + 1`, updated_at: sql`date_trunc('milliseconds', now())` })
        .where('id', '=', plan.id)
        .execute();
    }
  }
  return changes;
}
