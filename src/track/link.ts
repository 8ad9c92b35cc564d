// Evidence linking: which commitments and mechanisms an official readout (English or Japanese) is
// evidence for, with a score, the matching passage and a proposed status update or meeting record.
// Method: BM25 over an inverted index of candidate terms to prefilter, then an idf-weighted coverage
// score (how much of a candidate's distinctive vocabulary the passage contains) plus named entities.
import type { Cadence, PartyCode, Span } from '../types.js';
import type { ImplementationStatus } from './status.js';
import { terms } from './tokenize.js';
import { eventDate } from './era.js';

export interface LinkCandidate {
  id: string;
  kind: 'commitment' | 'mechanism';
  planId: string;
  /** Parties of the candidate's plan, e.g. `['JP', 'PL']`. */
  parties: PartyCode[];
  text: string;
  cadence?: Cadence;
}

/** A named body or instrument: English names and acronyms (matched whole-word), Japanese names. */
export interface EntityName {
  id: string;
  names: string[];
  acronyms?: string[];
  ja?: string[];
}

/** A country as readouts name it (`Poland`, `Polish`, `ポーランド`). */
export interface PartyName {
  code: PartyCode;
  names: string[];
  ja?: string[];
}

export interface LinkerOptions {
  entities?: EntityName[];
  parties?: PartyName[];
  /** Minimum score for a proposal (0–1+). Default 0.5, chosen on the test set in test/fixtures/readouts. */
  threshold?: number;
}

export type EventKind = 'meeting' | 'signing' | 'launch' | 'discussion' | 'mention';

export interface LinkProposal {
  candidateId: string;
  kind: LinkCandidate['kind'];
  planId: string;
  score: number;
  /** The sentence(s) of the readout that matched, with their place in the readout text. */
  passage: { text: string; span: Span };
  event: EventKind;
  /** For commitments: the status the readout supports. */
  proposedStatus: ImplementationStatus | null;
  /** For mechanisms: a meeting to record (date from the readout, when it gives one). */
  meeting: { date: string | null } | null;
  /** Terms and entities the passage shares with the candidate, most distinctive first. */
  matched: string[];
}

// Event cues, checked in the matched passage first, then the whole readout:
// "signed a Memorandum of Cooperation", "署名した", "concluded the agreement", "締結"
const SIGNING = /\b(sign(?:ed|ing)|conclu(?:ded|sion)|exchanged? (?:notes|letters)|entered into force)\b|署名|締結|発効/i;
// "launched the dialogue", "established a working group", "設立", "立ち上げ"
const LAUNCH = /\b(launch(?:ed)?|establish(?:ed|ment)|inaugurat\w*|set up|opened)\b|設立|立ち上げ|発足|開設/i;
// "held the 3rd consultations", "met in Warsaw", "took place", "convened", "開催", "会談を行"
const MEETING = /\b(held|hold|met|meet|meeting|took place|convened|hosted|visit(?:ed)?)\b|開催|会談|会合|行われ|行った|訪問/i;
// "discussed", "exchanged views", "agreed to explore", "意見交換", "確認"
const DISCUSSION = /\b(discuss(?:ed|ion)?|exchanged views|agreed to (?:explore|consider|continue)|confirmed)\b|意見交換|確認|議論/i;
// Commitments asking for a deliverable that exists once signed or set up: "conclusion of a social security agreement"
const DELIVERABLE = /\b(conclu\w+|sign\w*|establish\w*|launch\w*|set up|adopt\w*)\b/i;
// Commitments describing a standing activity: "maintain regular contacts", "once a year", "holding … consultations"
const STANDING = /\b(maintain\w*|regular\w*|annual\w*|once (?:a|in)|every|continu\w*|hold\w*|dialogue|consultations?)\b/i;

function eventOf(text: string): EventKind | null {
  if (SIGNING.test(text)) return 'signing';
  if (LAUNCH.test(text)) return 'launch';
  if (MEETING.test(text)) return 'meeting';
  if (DISCUSSION.test(text)) return 'discussion';
  return null;
}

function statusFor(event: EventKind, candidate: LinkCandidate): ImplementationStatus {
  if ((event === 'signing' || event === 'launch') && DELIVERABLE.test(candidate.text)) return 'completed';
  if (event === 'meeting' && STANDING.test(candidate.text)) return 'ongoing';
  if (event === 'discussion' || event === 'mention') return 'in_progress_limited';
  return 'in_progress_substantial';
}

/** Sentences of a readout with their offsets: split after . ! ? 。 ！ ？ and at line breaks. */
export function sentences(text: string): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  // a sentence: anything up to and including its end mark, or up to a line break
  const SENTENCE = /[^\n.!?。！？]+(?:[.!?。！？]+(?=\s|$|[^\x00-\x7f])|(?=\n)|$)/gu;
  for (const m of text.matchAll(SENTENCE)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (/[\p{L}\p{N}]/u.test(trimmed)) out.push({ text: trimmed, span: { start: m.index + lead, end: m.index + lead + trimmed.length } });
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds entity mentions and turns them into terms (`#id`) so they count in retrieval like words. Names
 * are looked up word by word from their first word (case-insensitive, punctuation ignored:
 * "Ministry of Economy, Trade and Industry"), acronyms as exact words ("JETRO"), so a text is scanned
 * once however large the gazetteer.
 */
class EntityMatcher {
  private readonly byFirstWord = new Map<string, { words: string[]; id: string }[]>();
  private readonly byAcronym = new Map<string, string>();
  private readonly ja: { id: string; name: string }[] = [];

  constructor(entities: EntityName[]) {
    for (const entity of entities) {
      for (const name of entity.names) {
        const words = wordsOf(name).map((w) => w.toLowerCase());
        if (words.length === 0 || name.trim().length <= 2) continue;
        const list = this.byFirstWord.get(words[0]!) ?? [];
        list.push({ words, id: entity.id });
        this.byFirstWord.set(words[0]!, list);
      }
      for (const acronym of entity.acronyms ?? []) if (acronym.length >= 2) this.byAcronym.set(acronym, entity.id);
      for (const name of entity.ja ?? []) if (name) this.ja.push({ id: entity.id, name });
    }
  }

  find(text: string): Set<string> {
    const found = new Set<string>();
    const words = wordsOf(text);
    const lower = words.map((w) => w.toLowerCase());
    for (let i = 0; i < words.length; i++) {
      const acronym = this.byAcronym.get(words[i]!);
      if (acronym) found.add(acronym);
      for (const name of this.byFirstWord.get(lower[i]!) ?? []) {
        if (name.words.every((w, k) => lower[i + k] === w)) found.add(name.id);
      }
    }
    if (this.ja.length && /[\p{Script=Han}\p{Script=Katakana}]/u.test(text)) {
      for (const { id, name } of this.ja) if (text.includes(name)) found.add(id);
    }
    return found;
  }
}

// Words for entity lookup: letters and digits, e.g. "Ministry", "of", "Economy"
const ENTITY_WORD = /[\p{L}\p{N}]+/gu;
function wordsOf(text: string): string[] {
  return text.match(ENTITY_WORD) ?? [];
}

const K1 = 1.2;
const B = 0.75;
/** Entity terms weigh more than words: naming the same body or mechanism is strong evidence. */
const ENTITY_WEIGHT = 2;
/** The share of a mechanism's score passed to the commitment that promised it. */
const PROMISE_SHARE = 0.9;
/**
 * Terms in more candidates than this are left out of the prefilter (not of the score): their postings
 * cost most and rank least. Bounds the work per readout as the register grows.
 */
const PREFILTER_MAX_DF = 5000;
/** Candidates per passage kept from the BM25 prefilter for exact scoring. */
const PREFILTER_TOP = 40;

interface Posting {
  docs: Int32Array;
  tfs: Uint16Array;
}

/**
 * An index over candidate commitments and mechanisms. Build once (linear in the register), then
 * `propose(readout)` costs a pass over the postings of the readout's distinctive terms only.
 */
export class LinkIndex {
  readonly candidates: LinkCandidate[];
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: Float32Array;
  private readonly averageLength: number;
  /** Each candidate's distinct terms, for the coverage score. */
  private readonly candidateTerms: string[][];
  private readonly entityMatcher: EntityMatcher;
  private readonly partyMatchers: { code: PartyCode; re: RegExp | null; ja: string[] }[];
  /** Parties every candidate's plan shares (Japan in Japan's register): naming them tells nothing. */
  private readonly ubiquitousParties: Set<PartyCode>;
  private readonly threshold: number;
  /** Parties some but not all plans have: naming one points at those plans (a third country named, e.g. Ukraine, does not). */
  private readonly partnerParties: Set<PartyCode>;
  /** Terms of party names ("japan", "polish", ポーランド bigrams): within a plan they tell commitments apart no better than "the". */
  private readonly partyTerms: Set<string>;
  /** For each mechanism (by candidate index), the commitments of its plan whose text names it. */
  private readonly promisedBy = new Map<number, number[]>();

  constructor(candidates: LinkCandidate[], options: LinkerOptions = {}) {
    this.candidates = candidates;
    this.threshold = options.threshold ?? 0.5;
    this.entityMatcher = new EntityMatcher(options.entities ?? []);
    this.partyMatchers = (options.parties ?? []).map((p) => {
      const names = p.names.filter((n) => n.length > 2).map(escapeRegExp);
      return { code: p.code, re: names.length ? new RegExp(`\\b(?:${names.join('|')})\\b`, 'i') : null, ja: p.ja ?? [] };
    });
    this.partyTerms = new Set((options.parties ?? []).flatMap((p) => [...p.names, ...(p.ja ?? [])].flatMap((n) => terms(n))));
    const [first, ...rest] = candidates;
    this.ubiquitousParties = new Set((first?.parties ?? []).filter((p) => rest.every((c) => c.parties.includes(p))));
    this.partnerParties = new Set(candidates.flatMap((c) => c.parties).filter((p) => !this.ubiquitousParties.has(p)));
    this.lengths = new Float32Array(candidates.length);
    this.candidateTerms = [];
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    candidates.forEach((candidate, doc) => {
      const list = this.termsOf(candidate.text);
      this.lengths[doc] = list.length;
      total += list.length;
      const counts = new Map<string, number>();
      for (const term of list) counts.set(term, (counts.get(term) ?? 0) + 1);
      this.candidateTerms.push([...counts.keys()]);
      for (const [term, tf] of counts) {
        let posting = building.get(term);
        if (!posting) building.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(doc);
        posting.tfs.push(Math.min(tf, 65535));
      }
    });
    for (const [term, p] of building) this.postings.set(term, { docs: Int32Array.from(p.docs), tfs: Uint16Array.from(p.tfs) });
    this.averageLength = candidates.length ? total / candidates.length : 1;
    this.linkMechanismsToCommitments();
  }

  private linkMechanismsToCommitments(): void {
    const byPlan = new Map<string, number[]>();
    this.candidates.forEach((c, i) => {
      let list = byPlan.get(c.planId);
      if (!list) byPlan.set(c.planId, (list = []));
      list.push(i);
    });
    for (const members of byPlan.values()) {
      for (const m of members) {
        const mechanism = this.candidates[m]!;
        if (mechanism.kind !== 'mechanism') continue;
        const name = mechanism.text.toLowerCase();
        const promising = members.filter((c) => this.candidates[c]!.kind === 'commitment' && this.candidates[c]!.text.toLowerCase().includes(name));
        if (promising.length) this.promisedBy.set(m, promising);
      }
    }
  }

  private termsOf(text: string): string[] {
    const list = terms(text).filter((t) => !this.partyTerms.has(t));
    for (const id of this.entityMatcher.find(text)) list.push(`#${id}`);
    return list;
  }

  /** Inverse document frequency (BM25's, floored at 0). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    if (df === 0) return 0;
    const n = this.candidates.length;
    return Math.max(0, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  private weight(term: string): number {
    return this.idf(term) * (term.startsWith('#') ? ENTITY_WEIGHT : 1);
  }

  private partiesNamed(text: string): Set<PartyCode> {
    const named = new Set<PartyCode>();
    for (const { code, re, ja } of this.partyMatchers) {
      if ((re && re.test(text)) || ja.some((name) => text.includes(name))) named.add(code);
    }
    return named;
  }

  /**
   * Proposals for one readout, best first, at most one per candidate (its best passage).
   * `planId` restricts them to one plan. A readout that names partner countries of the register is
   * only linked to plans with one of those partners.
   */
  propose(readout: string, options: { planId?: string; limit?: number } = {}): LinkProposal[] {
    const named = [...this.partiesNamed(readout)].filter((p) => this.partnerParties.has(p));
    const readoutEvent = eventOf(readout);
    const date = eventDate(readout)?.date ?? null;
    const eligible = (c: LinkCandidate) =>
      (!options.planId || c.planId === options.planId) && (named.length === 0 || c.parties.some((p) => named.includes(p)));

    const list = sentences(readout);
    // passages: each sentence alone and with its successor (a commitment's words may span two)
    const passages = list.flatMap((s, i) => {
      const next = list[i + 1];
      const pair = next ? [{ text: `${s.text} ${next.text}`, span: { start: s.span.start, end: next.span.end } }] : [];
      return [s, ...pair];
    });
    const best = new Map<number, { score: number; passage: { text: string; span: Span }; matched: string[] }>();
    const scores = new Float64Array(this.candidates.length);
    for (const passage of passages) {
      const passageTerms = new Set(this.termsOf(passage.text));
      const touched: number[] = [];
      for (const term of passageTerms) {
        const posting = this.postings.get(term);
        if (!posting || posting.docs.length > PREFILTER_MAX_DF) continue;
        const idf = this.weight(term);
        if (idf < 0.1) continue;
        for (let i = 0; i < posting.docs.length; i++) {
          const doc = posting.docs[i]!;
          const tf = posting.tfs[i]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[doc]!) / this.averageLength));
        }
      }
      touched.sort((a, b) => scores[b]! - scores[a]!);
      for (const doc of touched.slice(0, PREFILTER_TOP)) {
        const candidate = this.candidates[doc]!;
        if (!eligible(candidate)) continue;
        let have = 0;
        let want = 0;
        const matched: { term: string; w: number }[] = [];
        for (const term of this.candidateTerms[doc]!) {
          const w = this.weight(term);
          want += w;
          if (passageTerms.has(term)) {
            have += w;
            matched.push({ term, w });
          }
        }
        // coverage needs at least two shared terms: one shared word is chance, not evidence
        const score = matched.length >= 2 && want > 0 ? have / want : 0;
        const previous = best.get(doc);
        if (score > (previous?.score ?? 0)) {
          best.set(doc, { score, passage, matched: matched.sort((a, b) => b.w - a.w).map((m) => m.term) });
        }
      }
      for (const doc of touched) scores[doc] = 0;
    }
    // a meeting of a mechanism is evidence for the commitment that promised it ("hold a yearly … Dialogue")
    for (const [doc, hit] of [...best]) {
      if (hit.score < this.threshold) continue;
      for (const commitment of this.promisedBy.get(doc) ?? []) {
        const inherited = hit.score * PROMISE_SHARE;
        if (inherited > (best.get(commitment)?.score ?? 0)) best.set(commitment, { ...hit, score: inherited });
      }
    }
    const proposals: LinkProposal[] = [];
    for (const [doc, hit] of best) {
      if (hit.score < this.threshold) continue;
      const candidate = this.candidates[doc]!;
      const event = eventOf(hit.passage.text) ?? readoutEvent ?? 'mention';
      proposals.push({
        candidateId: candidate.id,
        kind: candidate.kind,
        planId: candidate.planId,
        score: Math.round(hit.score * 1000) / 1000,
        passage: hit.passage,
        event,
        proposedStatus: candidate.kind === 'commitment' ? statusFor(event, candidate) : null,
        meeting: candidate.kind === 'mechanism' && event === 'meeting' ? { date: date && date.length === 10 ? date : null } : null,
        matched: hit.matched,
      });
    }
    proposals.sort((a, b) => b.score - a.score || a.candidateId.localeCompare(b.candidateId));
    return proposals.slice(0, options.limit ?? 20);
  }
}
