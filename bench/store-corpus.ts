// The store bench's synthetic corpus: plans recombining real commitments of the seeds, deterministic by index,
// so the store and API benches (and reruns) load the same register.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../src/store/index.js';
import { planStore } from '../src/ops/plan-store.js';
import type { Commitment, Extraction, Organization, Section } from '../src/types.js';

/** One real commitment of a seed and the bodies it names. */
export interface SeedUnit {
  commitment: Commitment;
  organizations: Organization[];
}

/** Partners of the synthetic register (ISO codes of countries Japan has cooperation plans with). */
const PARTNERS = [
  'AU', 'BE', 'BR', 'CA', 'CH', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HU', 'ID', 'IE', 'IN', 'IT', 'KR',
  'LT', 'LV', 'MX', 'MY', 'NL', 'NO', 'NZ', 'PH', 'PL', 'PT', 'RO', 'SE', 'SG', 'SK', 'TH', 'TR', 'UA', 'US', 'VN', 'ZA',
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Synthetic plan `index` of a corpus: `perPlan` seed commitments drawn at random (deterministically), under their
 * own section titles, for a partner and period drawn at random; the partner's bodies take the new partner's code.
 */
export function syntheticPlan(
  units: SeedUnit[],
  index: number,
  perPlan: number,
): { extraction: Extraction; bytes: Uint8Array } {
  const random = prng(index * 7919 + 17);
  const partner = PARTNERS[Math.floor(random() * PARTNERS.length)]!;
  const start = 1995 + Math.floor(random() * 31);
  const end = start + 3 + Math.floor(random() * 3);
  const title = `Japan–${partner} Action Plan ${start}–${end} (synthetic ${index})`;
  const picked = Array.from({ length: perPlan }, () => units[Math.floor(random() * units.length)]!);
  const remap = (id: string) => (id.startsWith('JP:') ? id : `${partner}:${id.split(':').slice(1).join(':')}`);
  let text = `${title}\n`;
  const sections: Section[] = [];
  const commitments: Commitment[] = [];
  const organizations = new Map<string, Organization>();
  let section = null as Section | null;
  for (const [i, { commitment, organizations: orgs }] of picked.entries()) {
    const sectionTitle = commitment.section ?? 'General';
    if (section?.title !== sectionTitle) {
      const heading: string = `${sections.length + 1}. ${sectionTitle}`;
      section = { id: `s${sections.length + 1}`, number: String(sections.length + 1), title: sectionTitle, level: 1, kind: 'heading', parentId: null, span: { start: text.length, end: text.length + heading.length } };
      sections.push(section);
      text += `${heading}\n`;
    }
    const span = { start: text.length, end: text.length + commitment.text.length };
    text += `${commitment.text}\n`;
    section.span.end = span.end;
    commitments.push({
      ...commitment,
      id: `${section.id}/c${i + 1}`,
      span,
      sectionId: section.id,
      section: sectionTitle,
      parentId: null,
      actors: [...new Set(commitment.actors.map(remap))],
    });
    for (const org of orgs) {
      const id = remap(org.id);
      if (!organizations.has(id)) organizations.set(id, { ...org, id, party: org.party === 'JP' ? 'JP' : partner, mentions: [span], span });
    }
  }
  const bytes = new TextEncoder().encode(text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    bytes,
    extraction: {
      document: { name: `synthetic-${index}.txt`, mediaType: 'text/plain', sha256, byteLength: bytes.byteLength, text },
      metadata: {
        title,
        titleSpan: { start: 0, end: title.length },
        kind: 'action_plan',
        parties: ['JP', partner],
        period: { start: String(start), end: String(end), span: null },
        signed: { date: `${start}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`, place: 'Tokyo', span: null },
      },
      sections,
      commitments,
      organizations: [...organizations.values()],
      instruments: [],
      mechanisms: [],
      provisions: [],
      // Every synthetic line is a commitment: all of its action-like text is covered.
      coverage: {
        actionLike: commitments.length,
        covered: commitments.length,
        sections: sections.map((s) => {
          const n = commitments.filter((c) => c.sectionId === s.id).length;
          return { section: s.id, actionLike: n, covered: n, uncovered: [] };
        }),
      },
      messages: [],
    },
  };
}

/**
 * Loads `plans` synthetic plans through planStore (one transaction per plan, as `kizuna ingest` does), `workers`
 * at a time (PostgreSQL takes several writers at once; PGlite has one connection, so 1 there).
 */
export async function loadSyntheticCorpus(
  store: Store,
  units: SeedUnit[],
  plans: number,
  perPlan: number,
  onProgress?: (done: number) => void,
  workers = 1,
): Promise<number> {
  let commitments = 0;
  let next = 0;
  let done = 0;
  const work = async () => {
    for (let i = next++; i < plans; i = next++) {
      const { extraction, bytes } = syntheticPlan(units, i, perPlan);
      await planStore(store, extraction, bytes, { actor: 'bench' });
      commitments += extraction.commitments.length;
      if (onProgress && ++done % 100 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, work));
  // PGlite has no autovacuum daemon: statistics and the visibility map come from an explicit VACUUM ANALYZE
  // (PostgreSQL's autovacuum would run soon anyway).
  await sql`vacuum analyze`.execute(store.db);
  return commitments;
}
