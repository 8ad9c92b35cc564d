// Evidence-linking quality on the shared dev readouts (../shared/corpus/readouts-dev) against the seed
// plans, scored with the desk officer's links (../shared/gold/readouts-dev/links.json): precision,
// recall and F1 at the default threshold (overall, English, Japanese), recall@5, proposals on negative
// readouts and the accuracy of proposed statuses; then per readout F1, and a held-out F1 with the threshold
// chosen leaving each readout out. `npm run bench links [-- --verbose]` prints it; the CI test
// test/track/readouts-dev.test.ts holds the bar.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractFile } from '../src/pipeline.js';
import { DEFAULT_THRESHOLD, LinkIndex, type LinkCandidate, type LinkerOptions } from '../src/track/link.js';
import { linkVocabulary } from '../src/ops/tracking-link.js';
import type { Benchmark } from './index.js';

export const sharedDir = fileURLToPath(new URL('../../shared/', import.meta.url));

interface GoldLink {
  type: 'commitment' | 'mechanism';
  text_or_name: string;
  passage: string;
  status: 'ongoing' | 'in_progress' | 'completed';
}
interface ReadoutEntry {
  file: string;
  date: string;
  language: 'en' | 'ja';
  parties: string[];
  plan: string | null;
}

/** One candidate as the reviewer sees it for a readout: its best score and passage, and the status or meeting proposed. */
export interface Ranked {
  candidateId: string;
  score: number;
  passage: { start: number; end: number };
  /** `ongoing` / `in_progress` / `completed` in the gold's terms (a meeting recorded counts as `ongoing`). */
  status: string | null;
  /** Whether it is proposed (above the threshold) or only listed below it for the reviewer. */
  proposed: boolean;
}

/** A linker under evaluation: every candidate it lists for a readout, best first. */
export type Linker = (text: string, readout: { date: string }) => Ranked[];

export interface DevSet {
  candidates: LinkCandidate[];
  readouts: { entry: ReadoutEntry; text: string; gold: (GoldLink & { candidateId: string })[] }[];
}

const words = (text: string) => new Set(text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Loads the dev readouts, extracts the seed plans into link candidates and resolves each gold link to one of them. */
export async function loadDevSet(shared = sharedDir): Promise<DevSet> {
  const readoutDir = `${shared}corpus/readouts-dev/`;
  const seedDir = `${shared}corpus/seeds/`;
  const goldFile = `${shared}gold/readouts-dev/links.json`;
  for (const path of [readoutDir, seedDir, goldFile]) if (!existsSync(path)) throw new Error(`${path}: missing (the shared corpus must sit beside the repository)`);
  const candidates: LinkCandidate[] = [];
  for (const file of readdirSync(seedDir).filter((f) => f !== 'README.md').sort()) {
    const { extraction, messages } = await extractFile(seedDir + file);
    if (!extraction) throw new Error(`${file}: ${messages.map((m) => m.reason).join('; ')}`);
    const parties = extraction.metadata.parties;
    const byId = new Map(extraction.commitments.map((c) => [c.id, c]));
    for (const c of extraction.commitments) {
      const context = c.parentId ? byId.get(c.parentId)?.text : undefined;
      candidates.push({ id: `${file}#${c.id}`, kind: 'commitment', planId: file, parties, text: c.text, span: c.span, ...(context ? { context } : {}) });
    }
    for (const m of extraction.mechanisms) candidates.push({ id: `${file}#${m.id}`, kind: 'mechanism', planId: file, parties, text: m.name, cadence: m.cadence, span: m.span });
  }
  const index = JSON.parse(readFileSync(`${readoutDir}index.json`, 'utf8')) as ReadoutEntry[];
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as { readout: string; plan: string | null; links: GoldLink[] }[];
  const readouts = index.map((entry) => {
    const links = gold.find((g) => g.readout === entry.file)?.links ?? [];
    return {
      entry,
      text: readFileSync(readoutDir + entry.file, 'utf8'),
      gold: links.map((link) => ({ ...link, candidateId: resolve(link, entry.plan, candidates) })),
    };
  });
  return { candidates, readouts };
}

/** The candidate of the readout's plan that a gold link names: same kind, most words in common (the extractor may trim a name). */
function resolve(link: GoldLink, plan: string | null, candidates: LinkCandidate[]): string {
  const want = words(link.text_or_name);
  let best: { id: string; overlap: number } | null = null;
  for (const c of candidates) {
    if (c.planId !== plan || c.kind !== link.type) continue;
    const have = words(c.text);
    const shared = [...want].filter((w) => have.has(w)).length;
    const overlap = shared / Math.max(want.size, have.size);
    if (!best || overlap > best.overlap) best = { id: c.id, overlap };
  }
  if (!best || best.overlap < 0.5) throw new Error(`gold link "${link.text_or_name}" matches no ${link.type} of ${plan}`);
  return best.id;
}

export interface Figures {
  proposed: number;
  correct: number;
  expected: number;
  found: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Report {
  overall: Figures;
  en: Figures;
  ja: Figures;
  /** Proposals above the threshold on readouts with no true link. */
  negativeProposals: number;
  /** True links among the readout's five best candidates. */
  recallAt5: number;
  /** True links among the five best candidates of their own passage (what the reviewer sees under each passage). */
  recallAt5PerPassage: number;
  /** Of the true links the reviewer is shown (proposed or listed), the share whose proposed status is the gold one. */
  statusAccuracy: number;
  statusShown: number;
  /** Of the true links proposed, the share whose passage overlaps the gold passage. */
  passageAgreement: number;
  lines: string[];
}

function figures(proposed: number, correct: number, expected: number, found: number): Figures {
  const precision = proposed ? correct / proposed : 0;
  const recall = expected ? found / expected : 0;
  return { proposed, correct, expected, found, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Scores a linker on the dev set. */
export function evaluate(dev: DevSet, link: Linker): Report {
  const lines: string[] = [];
  // per language: proposed, proposed right, true links, true links proposed
  const count: Record<'en' | 'ja', [number, number, number, number]> = { en: [0, 0, 0, 0], ja: [0, 0, 0, 0] };
  let negativeProposals = 0;
  let at5 = 0;
  let at5Passage = 0;
  let statusRight = 0;
  let statusShown = 0;
  let passageRight = 0;
  let total = 0;
  for (const { entry, text, gold } of dev.readouts) {
    const ranked = link(text, { date: entry.date });
    const proposed = ranked.filter((r) => r.proposed);
    const goldIds = new Set(gold.map((g) => g.candidateId));
    const c = count[entry.language];
    c[0] += proposed.length;
    c[1] += proposed.filter((p) => goldIds.has(p.candidateId)).length;
    c[2] += goldIds.size;
    if (goldIds.size === 0) negativeProposals += proposed.length;
    const top5 = new Set(ranked.slice(0, 5).map((r) => r.candidateId));
    lines.push(`${entry.file} (${entry.language}, ${gold.length} true): ${proposed.length} proposed, ${proposed.filter((p) => goldIds.has(p.candidateId)).length} right`);
    for (const g of gold) {
      total++;
      const hit = ranked.find((r) => r.candidateId === g.candidateId);
      if (hit?.proposed) c[3]++;
      if (top5.has(g.candidateId)) at5++;
      const goldAt = text.indexOf(g.passage.slice(0, 30));
      const goldSpan = goldAt >= 0 ? { start: goldAt, end: goldAt + g.passage.length } : null;
      // the five best candidates of the passage holding the gold passage
      if (goldSpan) {
        const here = ranked.filter((r) => r.passage.start < goldSpan.end && goldSpan.start < r.passage.end).slice(0, 5);
        if (here.some((r) => r.candidateId === g.candidateId)) at5Passage++;
      }
      if (hit) {
        statusShown++;
        if (hit.status === g.status) statusRight++;
        if (hit.proposed && goldSpan && hit.passage.start < goldSpan.end && goldSpan.start < hit.passage.end) passageRight++;
      }
      const rank = hit ? ranked.indexOf(hit) + 1 : 0;
      lines.push(
        `  ${hit?.proposed ? 'FOUND' : 'miss '} rank ${rank || '-'} score ${hit ? hit.score.toFixed(2) : '-'} status ${hit?.status ?? '-'}/${g.status}  ${g.candidateId}  ${g.text_or_name.slice(0, 70)}`,
      );
    }
    for (const p of proposed) {
      if (!goldIds.has(p.candidateId)) {
        const candidate = dev.candidates.find((x) => x.id === p.candidateId);
        lines.push(`  WRONG score ${p.score.toFixed(2)} ${p.candidateId}  ${candidate?.text.slice(0, 70)}  ⇐ ${text.slice(p.passage.start, p.passage.end).replace(/\s+/g, ' ').slice(0, 60)}`);
      }
    }
  }
  const sum = (k: 0 | 1 | 2 | 3) => count.en[k] + count.ja[k];
  const proposedTrue = sum(3);
  return {
    overall: figures(sum(0), sum(1), sum(2), sum(3)),
    en: figures(...count.en),
    ja: figures(...count.ja),
    negativeProposals,
    recallAt5: total ? at5 / total : 0,
    recallAt5PerPassage: total ? at5Passage / total : 0,
    statusAccuracy: statusShown ? statusRight / statusShown : 0,
    statusShown,
    passageAgreement: proposedTrue ? passageRight / proposedTrue : 0,
    lines,
  };
}

const GOLD_STATUS: Record<string, string> = { in_progress_limited: 'in_progress', in_progress_substantial: 'in_progress', ongoing: 'ongoing', completed: 'completed' };

/** The linker as `kizuna link` runs it: the bundled vocabulary, the default threshold, the reviewer's list. */
export function defaultLinker(dev: DevSet, tuning: Pick<LinkerOptions, 'threshold' | 'passageSide'> = {}): Linker {
  const index = new LinkIndex(dev.candidates, { ...linkVocabulary(), ...tuning });
  return (text, readout) => {
    const { proposals, nextBest } = index.link(text, { date: readout.date });
    return [...proposals, ...nextBest].map((p) => ({
      candidateId: p.candidateId,
      score: p.score,
      passage: p.passage.span,
      status: p.kind === 'mechanism' ? (p.meeting ? 'ongoing' : null) : (GOLD_STATUS[p.proposedStatus ?? ''] ?? null),
      proposed: p.proposed,
    }));
  };
}

/** A readout's own counts: proposed, proposed right, true links, true links proposed. */
type Counts = [number, number, number, number];

/** Thresholds tried when one is chosen on the readouts left in (0.15 to 0.60 by 0.01). */
const THRESHOLDS = Array.from({ length: 46 }, (_, i) => Math.round((0.15 + i * 0.01) * 100) / 100);

export interface HeldOut {
  /** Counts summed over the readouts, each scored at the threshold chosen on the others. */
  heldOut: Figures;
  /** The same readouts at the best threshold chosen on all of them (in-sample), and that threshold. */
  inSample: Figures;
  bestThreshold: number;
  /** The range of thresholds the folds chose. */
  chosen: [number, number];
  /** Per readout: its F1 at the default threshold, at its fold's threshold, and the counts. */
  perReadout: { file: string; language: string; threshold: number; atDefault: Counts; atChosen: Counts }[];
}

const f1Of = (c: Counts) => figures(...c).f1;
const add = (a: Counts, b: Counts): Counts => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];

/**
 * Leave one readout out: for each readout, the threshold that gives the best F1 over the other readouts
 * is chosen and the readout is scored at it; the counts summed over readouts give a held-out F1 to set
 * beside the in-sample one (how much of the dev F1 comes from choosing the threshold on the same readouts).
 * The linker runs once per readout with every candidate proposed (`threshold: 0`): a proposal at threshold
 * t is one scoring ≥ t there, as a mechanism's meeting passes to its commitment only above the threshold.
 */
export function leaveOneOut(dev: DevSet, tuning: Pick<LinkerOptions, 'passageSide'> = {}, defaultThreshold = DEFAULT_THRESHOLD): HeldOut {
  const link = defaultLinker(dev, { ...tuning, threshold: 0 });
  const runs = dev.readouts.map(({ entry, text, gold }) => ({ entry, gold: new Set(gold.map((g) => g.candidateId)), ranked: link(text, { date: entry.date }) }));
  const countsAt = (run: (typeof runs)[number], t: number): Counts => {
    const proposed = run.ranked.filter((r) => r.score >= t);
    const right = proposed.filter((p) => run.gold.has(p.candidateId)).length;
    return [proposed.length, right, run.gold.size, right];
  };
  const table = runs.map((run) => THRESHOLDS.map((t) => countsAt(run, t)));
  const bestOver = (rows: Counts[][]): number => {
    const scores = THRESHOLDS.map((_, k) => f1Of(rows.reduce<Counts>((sum, row) => add(sum, row[k]!), [0, 0, 0, 0])));
    const top = Math.max(...scores);
    // among equally good thresholds, the middle one: the farthest from either edge of the plateau
    const ties = THRESHOLDS.map((_, k) => k).filter((k) => scores[k]! >= top - 1e-9);
    return ties[Math.floor(ties.length / 2)]!;
  };
  const best = bestOver(table);
  let heldOut: Counts = [0, 0, 0, 0];
  let inSample: Counts = [0, 0, 0, 0];
  const perReadout: HeldOut['perReadout'] = [];
  for (let i = 0; i < runs.length; i++) {
    const k = bestOver(table.filter((_, j) => j !== i));
    heldOut = add(heldOut, table[i]![k]!);
    inSample = add(inSample, table[i]![best]!);
    perReadout.push({ file: runs[i]!.entry.file, language: runs[i]!.entry.language, threshold: THRESHOLDS[k]!, atDefault: countsAt(runs[i]!, defaultThreshold), atChosen: table[i]![k]! });
  }
  const chosen = perReadout.map((r) => r.threshold);
  return { heldOut: figures(...heldOut), inSample: figures(...inSample), bestThreshold: THRESHOLDS[best]!, chosen: [Math.min(...chosen), Math.max(...chosen)], perReadout };
}

export function formatHeldOut(h: HeldOut): string {
  const f = (x: Figures) => `P ${x.precision.toFixed(3)} R ${x.recall.toFixed(3)} F1 ${x.f1.toFixed(3)}`;
  const readout = (c: Counts) => (c[2] ? `F1 ${f1Of(c).toFixed(2)} (${c[1]}/${c[0]} proposed right, ${c[3]}/${c[2]} found)` : `negative: ${c[0]} proposed`);
  return [
    ...h.perReadout.map((r) => `${r.file} (${r.language})  at default ${readout(r.atDefault)}; held out at ${r.threshold.toFixed(2)} ${readout(r.atChosen)}`),
    `in-sample  ${f(h.inSample)} at the best threshold on all readouts, ${h.bestThreshold.toFixed(2)}`,
    `held-out   ${f(h.heldOut)} (leave one readout out: threshold chosen on the other readouts, ${h.chosen[0].toFixed(2)}–${h.chosen[1].toFixed(2)})`,
  ].join('\n');
}

export function formatReport(r: Report, verbose = false): string {
  const f = (x: Figures) => `P ${x.precision.toFixed(3)} R ${x.recall.toFixed(3)} F1 ${x.f1.toFixed(3)} (${x.correct}/${x.proposed} proposed right, ${x.found}/${x.expected} found)`;
  return [
    ...(verbose ? r.lines : []),
    `overall   ${f(r.overall)}`,
    `English   ${f(r.en)}`,
    `Japanese  ${f(r.ja)}`,
    `negatives ${r.negativeProposals} proposal(s) on readouts without a true link`,
    `recall@5  ${r.recallAt5.toFixed(3)} per readout, ${r.recallAt5PerPassage.toFixed(3)} per passage`,
    `status    ${r.statusAccuracy.toFixed(3)} right of ${r.statusShown} true links shown; passage agreement ${r.passageAgreement.toFixed(3)}`,
  ].join('\n');
}

export const linkQualityBench: Benchmark = {
  name: 'links',
  summary: 'evidence-linking quality on ../shared readouts-dev (P/R/F1, recall@5, negatives, status)',
  async run(flags) {
    const dev = await loadDevSet();
    console.log(formatReport(evaluate(dev, defaultLinker(dev)), flags.includes('--verbose')));
    console.log(formatHeldOut(leaveOneOut(dev)));
  },
};
