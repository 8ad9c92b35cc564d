// Evidence linking: which commitments and mechanisms an official readout (English or Japanese) is
// evidence for, with a score, the matching passage, the reason and a proposed status or meeting.
// Method: the readout is first read as an event (src/track/event.ts: kind, level, pair, date); each
// passage's terms (job titles left out, plus the plan words its event implements) are matched against
// an inverted index of candidate terms with idf weights, both ways: how much of the candidate the
// passage covers and how much of the passage the candidate explains; the two are combined.
import type { Cadence, PartyCode, Span } from '../types.js';
import type { ImplementationStatus } from './status.js';
import { hasPredicate, terms } from './tokenize.js';
import { escapeRegExp, hasJapanese } from '../text.js';
import { loadVocabulary } from '../vocab/index.js';
import { EventReader, eventDay, type EventKind, type EventLevel, type ReadoutEvent, type SentenceEvent } from './event.js';

export type { EventKind } from './event.js';

export interface LinkCandidate {
  id: string;
  kind: 'commitment' | 'mechanism';
  planId: string;
  /** Parties of the candidate's plan, e.g. `['JP', 'PL']`. */
  parties: PartyCode[];
  text: string;
  cadence?: Cadence;
  /** Where it stands in its plan's text: a mechanism named inside a commitment is promised by it. */
  span?: Span;
  /** The lead-in it is nested under ("deepen dialogue on national security and defense cooperation by:"). */
  context?: string;
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
  /** Minimum score for a proposal (0–1). Default {@link DEFAULT_THRESHOLD}, chosen on the shared dev readouts. */
  threshold?: number;
  events?: EventReader;
  /** The weight of the passage side in the combined score (0–1); default {@link PASSAGE_SIDE}. */
  passageSide?: number;
}

/** The default threshold, chosen on ../shared/gold/readouts-dev (bench/link-quality.ts). */
export const DEFAULT_THRESHOLD = 0.33;

export interface LinkProposal {
  candidateId: string;
  kind: LinkCandidate['kind'];
  planId: string;
  score: number;
  /** Whether the score reaches the threshold; below it the candidate is only listed for the reviewer. */
  proposed: boolean;
  /** The sentence(s) of the readout that matched, with their place in the readout text. */
  passage: { text: string; span: Span };
  event: EventKind;
  /** For commitments: the status the readout supports. */
  proposedStatus: ImplementationStatus | null;
  /** For mechanisms: a meeting to record (the event's date: its own, else the readout's). */
  meeting: { date: string | null } | null;
  /** Terms and entities the passage shares with the candidate, most distinctive first. */
  matched: string[];
  /** Why: the event read in the passage and the shared terms, e.g. "meeting (minister); shared: cyber, dialogue". */
  reason: string;
}

export interface LinkResult {
  event: ReadoutEvent;
  /** Proposals at or above the threshold, best first, one per candidate. */
  proposals: LinkProposal[];
  /** Below the threshold: the next best candidates, up to five per passage, best first. */
  nextBest: LinkProposal[];
}

// Commitments asking for a deliverable that exists once signed or set up: "conclusion of a social security agreement"
const DELIVERABLE = /\b(conclu\w+|sign\w*|establish\w*|launch\w*|set up|adopt\w*)\b/i;
// Commitments describing a standing or recurring activity: "maintain regular contacts", "continue to hold",
// "exchange visits", "high-level exchanges", "once a year"
const STANDING = /\b(maintain\w*|regular\w*|annual\w*|once (?:a|in)|every|continu\w*|hold\w*|exchange\w*|dialogue|consultations?)\b/i;

function statusFor(event: EventKind, candidate: LinkCandidate): ImplementationStatus {
  if (event === 'signing' && DELIVERABLE.test(candidate.text)) return 'completed';
  if ((event === 'meeting' || event === 'visit' || event === 'exercise') && STANDING.test(candidate.text)) return 'ongoing';
  if (event === 'discussion' || event === 'mention') return 'in_progress_limited';
  return 'in_progress_substantial';
}

/**
 * Sentences of a readout with their offsets: split after . ! ? 。 ！ ？ and at line breaks, but not after
 * an abbreviation or an initial ("Mr.", "H.E.", "4:00 p.m.", "e.g."; list: vocab/cues.json).
 */
export function sentences(text: string): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  // a sentence: anything up to and including its end mark, or up to a line break
  const SENTENCE = /[^\n.!?。！？]+(?:[.!?。！？]+(?=\s|$|[^\x00-\x7f])|(?=\n)|$)/gu;
  let open: Span | null = null;
  for (const m of text.matchAll(SENTENCE)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!/[\p{L}\p{N}]/u.test(trimmed)) continue;
    const span: Span = { start: open?.start ?? m.index + lead, end: m.index + lead + trimmed.length };
    // the sentence goes on after "Mr." or "p.m." when the same line continues
    const last = /(?:^|[\s(])((?:\p{L}\.)*\p{L}+)\.$/u.exec(trimmed)?.[1]?.toLowerCase();
    const sameLine = text[m.index + raw.length] !== '\n' && m.index + raw.length < text.length;
    if (last && sameLine && (abbreviations().has(last) || /^(?:\p{L}\.)*\p{L}$/u.test(last))) {
      open = span;
      continue;
    }
    open = null;
    out.push({ text: text.slice(span.start, span.end), span });
  }
  if (open) out.push({ text: text.slice(open.start, open.end), span: open });
  return out;
}

let abbreviationSet: Set<string> | undefined;
const abbreviations = () => (abbreviationSet ??= new Set(loadVocabulary().cues.abbreviations.map((a) => a.toLowerCase())));

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
    if (this.ja.length && hasJapanese(text)) {
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
/** Terms an event implies ("high-level contacts" for a ministers' meeting) count as read: the event is the evidence. */
const IMPLIED_WEIGHT = 1;
/** A broader plan word a readout word stands for (arctic → polar) counts a little less than the word itself. */
const RELATED_WEIGHT = 0.8;
/** A passage that only reports one side's remark ("Kishida stated that …") weighs this much: no step is reported. */
const REMARK_FACTOR = 0.6;
/**
 * Words of a candidate's context (its lead-in; for a mechanism, the commitment naming it) found in the
 * passage count this much: they confirm a match, and their absence costs nothing.
 */
const CONTEXT_WEIGHT = 0.5;
/** The share of a mechanism's score passed to the commitment that promised it. */
const PROMISE_SHARE = 0.95;
/**
 * How the two directions combine: score = coverage of the candidate^(1-α) × coverage of the passage^α.
 * A short candidate ("marine research") fully covered by a long passage, and a long commitment of which
 * one sentence reports a part, both reach the threshold; a few shared common words do not.
 */
export const PASSAGE_SIDE = 0.4;
/**
 * Terms in more candidates than this are left out of the prefilter (not of the score): their postings
 * cost most and rank least. Bounds the work per readout as the register grows.
 */
const PREFILTER_MAX_DF = 5000;
/** The share of the pair's own plans in a term's weight (geometric), against the whole register's. */
const LOCAL_IDF = 0.5;
/** How much a clause's coverage counts against the whole candidate's: one clause reported is part of the step. */
const CLAUSE_SHARE = 0.7;
/** Terms a clause needs to stand alone ("in the field of health" joins its neighbour). */
const MIN_CLAUSE_TERMS = 3;
/** Candidates per passage kept from the BM25 prefilter for exact scoring. */
const PREFILTER_TOP = 40;
/** Distinct terms a sentence without an event needs to be evidence: "2025年2月28日", "防衛省" are not. */
const MIN_TERMS = 3;
/** Below-threshold candidates listed per passage for the reviewer. */
const NEXT_BEST_PER_PASSAGE = 5;
/** How near a body sentence's score must come to a title's for the sentence to be shown as the evidence. */
const TITLE_TIE = 0.7;
// a sentence's end: what a title line or a caption lacks
const SENTENCE_END = /[.!?。！？]["”'’)）」]?$/u;
/** Sentences from the top that make a readout's headline (title, date line, lead). */
const HEADLINE_SENTENCES = 6;

interface Posting {
  docs: number[];
  tfs: number[];
}

interface Passage {
  text: string;
  span: Span;
  event: SentenceEvent;
  terms: Map<string, number>;
  /** One side's remark, not a joint step or an event. */
  remark: boolean;
  /** Whether it says something (not a bare label such as `防衛省`). */
  predicate: boolean;
  /** A headline line that is no sentence (the title, a caption): it restates what the body reports. */
  title: boolean;
  /** Plan phrases the passage's event implements, as terms: `[['high', 'level', 'contact'], …]`. */
  implied: string[][];
  /** Words of the acronyms it names, left out of its terms: `g7` → `G7`. */
  spelled: Map<string, string>;
}

/**
 * An index over candidate commitments and mechanisms. Build once (linear in the register), then
 * `link(readout)` costs a pass over the postings of the readout's distinctive terms only.
 */
export class LinkIndex {
  /** Candidates by document number; null where a plan was replaced. */
  private readonly candidates: (LinkCandidate | null)[] = [];
  readonly threshold: number;
  private readonly passageSide: number;
  private readonly postings = new Map<string, Posting>();
  /** Live candidates holding each term. */
  private readonly df = new Map<string, number>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private alive = 0;
  private dead = 0;
  private readonly planDocs = new Map<string, number[]>();
  /** Plans by number, and each document's plan number (retrieval checks a plan once per call, not per candidate). */
  private readonly planNames: string[] = [];
  private readonly planNumbers = new Map<string, number>();
  private readonly docPlan: number[] = [];
  /** Per plan (by number): how many of its live candidates hold each term, and how many it has. */
  private readonly planDf: Map<string, number>[] = [];
  private readonly planSize: number[] = [];
  private readonly planParties = new Map<string, PartyCode[]>();
  /** Each candidate's distinct terms, for the coverage score. */
  private readonly candidateTerms: string[][] = [];
  /** Each long candidate's clauses, as terms ("…; continuing Japanese-Polish cooperation on … support for Ukraine"). */
  private readonly clauses: (string[][] | undefined)[] = [];
  /** Terms of each candidate's context that are not its own terms. */
  private readonly contextTerms: string[][] = [];
  private readonly entityMatcher: EntityMatcher;
  /** The terms of each entity's names (`#JP:mhlw` → health, labour, welfar, 厚生, 労働): the entity stands for them. */
  private readonly entityWords = new Map<string, Set<string>>();
  /** Japanese names of bodies without their country's name or middle dots (デンマーク内務・保健省 → 内務保健省). */
  private readonly jaNameCores: { id: string; core: string }[] = [];
  private readonly events: EventReader;
  private readonly partyMatchers: { code: PartyCode; re: RegExp | null; ja: RegExp[] }[];
  private readonly notCountries: string[];
  private readonly notEvidence: RegExp;
  private readonly referenceHeading: RegExp;
  private readonly remark: RegExp;
  private readonly decision: RegExp;
  private readonly views: RegExp;
  private readonly agreement: RegExp;
  private readonly heading: RegExp;
  /** Parties every candidate's plan shares (Japan in Japan's register): naming them tells nothing. */
  private ubiquitousParties = new Set<PartyCode>();
  /** Parties some but not all plans have: naming one points at those plans. */
  private partnerParties = new Set<PartyCode>();
  /** Terms of each party's names ("poland", "polish", ポーランド bigrams). */
  private readonly partyTerms = new Map<PartyCode, Set<string>>();
  /** Readout term → the plan terms it also stands for (vocab/linking.json `related`, as stems). */
  private readonly related = new Map<string, string[]>();
  /** Capitalised words of a name and what they stand for ("Talks" of "Military to Military Talks" → dialogue). */
  private readonly namedRelated: { re: RegExp; also: string[] }[] = [];
  /** For each mechanism (by candidate index), the commitments of its plan that name it. */
  private readonly promisedBy = new Map<number, number[]>();

  constructor(candidates: LinkCandidate[], options: LinkerOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.passageSide = options.passageSide ?? PASSAGE_SIDE;
    this.entityMatcher = new EntityMatcher(options.entities ?? []);
    const countryNames = new Map((options.parties ?? []).map((p) => [p.code, p.ja ?? []]));
    for (const e of options.entities ?? []) {
      const names = countryNames.get(e.id.slice(0, e.id.indexOf(':')) as PartyCode) ?? [];
      for (const name of e.ja ?? []) {
        const core = names.reduce((n, country) => (n.startsWith(country) ? n.slice(country.length) : n), name).replaceAll('・', '');
        if (core.length > 2) this.jaNameCores.push({ id: e.id, core });
      }
    }
    for (const e of options.entities ?? []) this.entityWords.set(`#${e.id}`, new Set([...e.names, ...(e.ja ?? [])].flatMap((n) => terms(n))));
    this.events = options.events ?? new EventReader();
    const short = this.events.vocabulary.pairShort;
    this.notCountries = this.events.vocabulary.notCountries;
    this.notEvidence = new RegExp(this.events.vocabulary.notEvidence.join('|'), 'u');
    this.referenceHeading = new RegExp(this.events.vocabulary.referenceHeadings.join('|'), 'iu');
    this.remark = new RegExp(this.events.vocabulary.remarks.join('|'), 'iu');
    this.decision = new RegExp(this.events.vocabulary.decisions.join('|'), 'iu');
    this.views = new RegExp(this.events.vocabulary.views.join('|'), 'iu');
    this.agreement = new RegExp(this.events.vocabulary.agreements.join('|'), 'iu');
    this.heading = new RegExp(this.events.vocabulary.headings.join('|'), 'u');
    for (const [word, also] of Object.entries(this.events.vocabulary.related)) {
      // a capitalised key stands for the plan word only written so, as part of a name: "the Military to
      // Military Talks" is the MM Dialogue, Japan and Germany holding talks (会談) is not their ICT Policy Dialogue
      if (/^\p{Lu}/u.test(word)) this.namedRelated.push({ re: new RegExp(`\\b${escapeRegExp(word)}\\b`, 'u'), also: terms(also) });
      else for (const t of terms(word)) this.related.set(t, terms(also));
    }
    this.partyMatchers = (options.parties ?? []).map((p) => {
      const names = p.names.filter((n) => n.length > 2).map(escapeRegExp);
      // Japanese pair forms name the partner by one kanji: 日伊 (Japan-Italy), 日・独
      const ja = [...(p.ja ?? []), ...(short[p.code] ? [`日${short[p.code]}`, `日・${short[p.code]}`] : [])]
        // a Japanese name not running on into a longer katakana word: インド, not インドネシア
        .map((name) => new RegExp(`${escapeRegExp(name)}(?![\\p{Script=Katakana}ー])`, 'u'));
      return { code: p.code, re: names.length ? new RegExp(`\\b(?:${names.join('|')})\\b`, 'i') : null, ja };
    });
    for (const p of options.parties ?? []) this.partyTerms.set(p.code, new Set([...p.names, ...(p.ja ?? [])].flatMap((n) => terms(n))));
    this.add(candidates);
  }

  /** The live candidates (a plan replaced leaves its old ones out). */
  get size(): number {
    return this.alive;
  }

  /**
   * Replaces one plan's candidates (after it is ingested, corrected or removed: pass `[]`), updating the
   * postings in place instead of rebuilding the index; cost is that plan's size.
   */
  replacePlan(planId: string, candidates: LinkCandidate[]): void {
    this.removePlan(planId);
    this.add(candidates.filter((c) => c.planId === planId));
  }

  private removePlan(planId: string): void {
    for (const doc of this.planDocs.get(planId) ?? []) {
      for (const term of this.candidateTerms[doc]!) this.df.set(term, (this.df.get(term) ?? 1) - 1);
      this.totalLength -= this.lengths[doc]!;
      this.candidates[doc] = null;
      this.promisedBy.delete(doc);
      this.alive--;
      this.dead++;
    }
    this.planDocs.delete(planId);
    this.planParties.delete(planId);
    const planNumber = this.planNumbers.get(planId);
    if (planNumber !== undefined) {
      this.planDf[planNumber] = new Map();
      this.planSize[planNumber] = 0;
    }
    this.refreshParties();
    // when most postings point at removed candidates, compact them by rebuilding from the live ones
    if (this.dead > 1000 && this.dead > this.alive) {
      const live = this.candidates.filter((c): c is LinkCandidate => c !== null);
      this.candidates.length = 0;
      this.candidateTerms.length = 0;
      this.clauses.length = 0;
      this.contextTerms.length = 0;
      this.lengths.length = 0;
      this.postings.clear();
      this.df.clear();
      this.planDocs.clear();
      this.planNames.length = 0;
      this.planNumbers.clear();
      this.docPlan.length = 0;
      this.planDf.length = 0;
      this.planSize.length = 0;
      this.promisedBy.clear();
      this.totalLength = 0;
      this.alive = 0;
      this.dead = 0;
      this.add(live);
    }
  }

  private add(candidates: LinkCandidate[]): void {
    const plans = new Set<string>();
    for (const candidate of candidates) {
      const doc = this.candidates.length;
      this.candidates.push(candidate);
      const list = this.candidateTermsOf(candidate);
      this.lengths.push(list.length);
      this.totalLength += list.length;
      this.alive++;
      const counts = new Map<string, number>();
      for (const term of list) counts.set(term, (counts.get(term) ?? 0) + 1);
      this.candidateTerms.push([...counts.keys()]);
      this.clauses.push(this.clausesOf(candidate));
      this.contextTerms.push([]);
      for (const [term, tf] of counts) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(doc);
        posting.tfs.push(tf);
        this.df.set(term, (this.df.get(term) ?? 0) + 1);
      }
      let members = this.planDocs.get(candidate.planId);
      if (!members) this.planDocs.set(candidate.planId, (members = []));
      members.push(doc);
      let planNumber = this.planNumbers.get(candidate.planId);
      if (planNumber === undefined) {
        this.planNumbers.set(candidate.planId, (planNumber = this.planNames.length));
        this.planNames.push(candidate.planId);
      }
      this.docPlan.push(planNumber);
      const planDf = (this.planDf[planNumber] ??= new Map());
      for (const term of counts.keys()) planDf.set(term, (planDf.get(term) ?? 0) + 1);
      this.planSize[planNumber] = (this.planSize[planNumber] ?? 0) + 1;
      this.planParties.set(candidate.planId, candidate.parties);
      plans.add(candidate.planId);
    }
    for (const plan of plans) this.linkPlan(this.planDocs.get(plan)!);
    this.refreshParties();
  }

  /** Parties every plan has (Japan in Japan's register) and the partners some plans have. */
  private refreshParties(): void {
    const sets = [...this.planParties.values()];
    this.ubiquitousParties = new Set((sets[0] ?? []).filter((p) => sets.every((s) => s.includes(p))));
    this.partnerParties = new Set(sets.flat().filter((p) => !this.ubiquitousParties.has(p)));
  }

  /**
   * Within one plan: a mechanism is promised by the commitments whose span holds its span, or whose text
   * names it; its context is their text, a commitment's context its lead-in.
   */
  private linkPlan(members: number[]): void {
    const candidate = (i: number) => this.candidates[i]!;
    for (const m of members) {
      const mechanism = candidate(m);
      if (mechanism.kind !== 'mechanism') continue;
      const names = nameVariants(mechanism.text);
      const promising = members.filter((c) => {
        const commitment = candidate(c);
        if (commitment.kind !== 'commitment') return false;
        if (mechanism.span && commitment.span && commitment.span.start <= mechanism.span.start && mechanism.span.end <= commitment.span.end) return true;
        const text = commitment.text.toLowerCase();
        return names.some((n) => text.includes(n));
      });
      if (promising.length) this.promisedBy.set(m, promising);
    }
    for (const doc of members) {
      const c = candidate(doc);
      const context = c.context ? [c.context] : [];
      for (const p of this.promisedBy.get(doc) ?? []) context.push(candidate(p).text, ...(candidate(p).context ? [candidate(p).context!] : []));
      const own = new Set(this.candidateTerms[doc]);
      this.contextTerms[doc] = [...new Set(context.flatMap((t) => terms(t)))].filter((t) => !own.has(t));
    }
  }

  /** A candidate's terms: its words and entities, less the names of its own plan's parties (a third country named stays a term). */
  private candidateTermsOf(candidate: LinkCandidate, text = candidate.text): string[] {
    const own = candidate.parties.map((p) => this.partyTerms.get(p)).filter((s): s is Set<string> => Boolean(s));
    const list = terms(text).filter((t) => !own.some((s) => s.has(t)));
    for (const id of this.entityMatcher.find(text)) list.push(`#${id}`);
    for (const name of acronyms(text)) list.push(name);
    return list;
  }

  /**
   * The clauses of a long candidate, as distinct terms: split at semicolons, dashes, brackets and before
   * "including", "as well as", "in particular", "through", "in the context of"; a piece of fewer than
   * {@link MIN_CLAUSE_TERMS} terms joins the one before it. Undefined when there is only one.
   */
  private clausesOf(candidate: LinkCandidate): string[][] | undefined {
    const pieces = candidate.text.split(CLAUSE_BREAK).map((piece) => [...new Set(this.candidateTermsOf(candidate, piece))]);
    const clauses: string[][] = [];
    for (const piece of pieces) {
      const last = clauses[clauses.length - 1];
      if (last && (piece.length < MIN_CLAUSE_TERMS || last.length < MIN_CLAUSE_TERMS)) last.push(...piece.filter((t) => !last.includes(t)));
      else if (piece.length) clauses.push(piece);
    }
    return clauses.length > 1 ? clauses : undefined;
  }

  /** Inverse document frequency (BM25's, floored at 0). */
  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    if (df <= 0) return 0;
    const n = this.alive;
    return Math.max(0, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /**
   * Term weights for one call: the register's idf combined with the idf among the candidates that may be
   * linked (the plans of the readout's pair). A word every item of the pair's plan holds ("ICT" in an ICT
   * plan) tells its items apart no better than "cooperation" does, however rare it is in the register.
   */
  private scopedWeight(allowed: Uint8Array): (term: string) => number {
    // count over the allowed plans, or over the register less the others when those are fewer
    const inside: number[] = [];
    const outside: number[] = [];
    allowed.forEach((yes, plan) => {
      if (this.planSize[plan]) (yes ? inside : outside).push(plan);
    });
    const subtract = outside.length < inside.length;
    const plans = subtract ? outside : inside;
    let n = subtract ? this.alive : 0;
    for (const plan of plans) n += (subtract ? -1 : 1) * this.planSize[plan]!;
    const cache = new Map<string, number>();
    return (term) => {
      let w = cache.get(term);
      if (w !== undefined) return w;
      let df = subtract ? (this.df.get(term) ?? 0) : 0;
      for (const plan of plans) df += (subtract ? -1 : 1) * (this.planDf[plan]!.get(term) ?? 0);
      const local = n ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
      w = Math.pow(this.idf(term), 1 - LOCAL_IDF) * Math.pow(local, LOCAL_IDF) * (term.startsWith('#') ? ENTITY_WEIGHT : 1);
      cache.set(term, w);
      return w;
    };
  }

  private partiesNamed(text: string): PartyCode[] {
    const named: PartyCode[] = [];
    // regions named after a country are not that country: インド太平洋 (Indo-Pacific) is not インド (India)
    const plain = this.notCountries.reduce((t, region) => t.replaceAll(region, ' '), text);
    for (const { code, re, ja } of this.partyMatchers) {
      if ((re && re.test(plain)) || ja.some((name) => name.test(plain))) named.push(code);
    }
    return named;
  }

  /**
   * The readout's principal event: the pair named in its headline (else anywhere), the first headline
   * sentence that reports a meeting, visit, signing, launch or exercise, its level and date.
   */
  readEvent(readout: string, list: { text: string; span: Span }[], readoutDate: string | null): ReadoutEvent {
    const headline = list.slice(0, HEADLINE_SENTENCES);
    // the pair: the first headline sentence naming two countries, or one beyond those every plan has (Japan
    // alone, as in 日本学術振興会, does not decide), names it; third countries come later. Else the
    // register's partners named anywhere.
    const home = this.ubiquitousParties;
    let parties: PartyCode[] = [];
    let fromHeadline = false;
    for (const s of headline) {
      const named = this.partiesNamed(s.text);
      if (named.length >= 2 || named.some((p) => !home.has(p))) {
        parties = named.filter((p) => !home.has(p));
        fromHeadline = true;
        break;
      }
    }
    if (!fromHeadline) parties = this.partiesNamed(readout).filter((p) => this.partnerParties.has(p));
    const ownDate = readoutDate ?? null;
    for (const s of headline) {
      const e = this.events.read(s.text);
      if (e.kind && e.kind !== 'discussion') {
        return { kind: e.kind, level: e.level, parties, fromHeadline, date: eventDay(s.text, ownDate ?? firstDay(headline)), round: e.round, span: s.span };
      }
    }
    return { kind: 'mention', level: null, parties, fromHeadline, date: ownDate ?? firstDay(headline), round: null, span: null };
  }

  /**
   * Links one readout: its principal event, the proposals (score ≥ threshold) and, below them, the next
   * best candidates per passage. `planId` restricts to one plan; `date` is the readout's own date (used
   * when the text gives none, or gives a day without its year). A readout is linked only to plans
   * with the partner its headline names; one about a pair the register lacks gets nothing.
   */
  link(readout: string, options: { planId?: string; date?: string | null } = {}): LinkResult {
    const list = sentences(readout);
    const event = this.readEvent(readout, list, options.date ?? null);
    const partners = event.parties.filter((p) => this.partnerParties.has(p));
    // a headline naming only partners the register lacks (Japan–Sweden) is about another partnership
    const namedOther = event.fromHeadline && event.parties.length > 0 && partners.length === 0;
    const eligible = (c: LinkCandidate) =>
      !namedOther && (!options.planId || c.planId === options.planId) && (partners.length === 0 || c.parties.some((p) => partners.includes(p)));
    // which plans may be linked, decided once per plan, so the retrieval below skips the others' postings
    const allowed = new Uint8Array(this.planNames.length);
    this.planNames.forEach((plan, i) => {
      const parties = this.planParties.get(plan);
      allowed[i] = parties && eligible({ planId: plan, parties } as LinkCandidate) ? 1 : 0;
    });

    const weight = this.scopedWeight(allowed);
    const headlineEnd = list[HEADLINE_SENTENCES - 1]?.span.end ?? Infinity;
    // a sentence that reports no event and says next to nothing (a date line, the publisher's name) or only
    // labels (a field value `厚生労働大臣政務官室(東京都)`, a ministry's name) is no evidence
    const read = this.evidence(readout, list)
      .map((s) => this.passage(s, s.span.end <= headlineEnd))
      .filter((p) => (p.event.kind !== null && p.event.kind !== 'discussion') || (p.terms.size >= MIN_TERMS && p.predicate));
    // passages: each sentence alone and with its successor (a commitment's words may span two)
    const passages = read.flatMap((s, i) => {
      const next = read[i + 1];
      if (!next) return [s];
      const termsBoth = new Map(s.terms);
      for (const [t, w] of next.terms) termsBoth.set(t, Math.max(termsBoth.get(t) ?? 0, w));
      const event = s.event.kind && s.event.kind !== 'discussion' ? s.event : next.event.kind ? next.event : s.event;
      return [s, { text: readout.slice(s.span.start, next.span.end), span: { start: s.span.start, end: next.span.end }, event, terms: termsBoth, remark: s.remark || next.remark, predicate: s.predicate || next.predicate, title: s.title && next.title, implied: [...s.implied, ...next.implied], spelled: new Map([...s.spelled, ...next.spelled]) }];
    });

    const best = new Map<number, { score: number; passage: Passage; matched: string[]; promised?: boolean }>();
    /** The best passage of each candidate among the readout's sentences (not its title lines). */
    const bestSentence = new Map<number, { score: number; passage: Passage; matched: string[] }>();
    const perPassage: { passage: Passage; ranked: { doc: number; score: number; matched: string[] }[] }[] = [];
    const scores = new Float64Array(this.candidates.length);
    const averageLength = this.alive ? this.totalLength / this.alive : 1;
    for (const passage of passages) {
      const touched: number[] = [];
      const impliedTerms = new Set(passage.implied.flat().filter((t) => !passage.terms.has(t)));
      for (const term of [...passage.terms.keys(), ...impliedTerms]) {
        const posting = this.postings.get(term);
        if (!posting || (this.df.get(term) ?? 0) > PREFILTER_MAX_DF) continue;
        const idf = weight(term);
        if (idf < 0.1) continue;
        for (let i = 0; i < posting.docs.length; i++) {
          const doc = posting.docs[i]!;
          if (allowed[this.docPlan[doc]!] === 0 || this.candidates[doc] === null) continue;
          const tf = posting.tfs[i]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[doc]!) / averageLength));
        }
      }
      const top = topByScore(touched, scores, PREFILTER_TOP);
      let passageWeight = 0;
      for (const [term, w] of passage.terms) passageWeight += weight(term) * w;
      for (const term of impliedTerms) passageWeight += weight(term) * IMPLIED_WEIGHT;
      const ranked: { doc: number; score: number; matched: string[] }[] = [];
      for (const doc of top) {
        const candidate = this.candidates[doc]!;
        // a lead-in ("deepen dialogue on national security and defense cooperation by:") is evidenced by its items
        if (!eligible(candidate) || LEAD_IN.test(candidate.text)) continue;
        let have = 0;
        let want = 0;
        const matched: { term: string; w: number }[] = [];
        const own = this.candidateTerms[doc]!;
        // an implied phrase counts only when the candidate holds all of its words ("high-level contacts")
        const implied = new Set(passage.implied.filter((phrase) => phrase.every((t) => own.includes(t))).flat());
        // a body both name is one term, not also the words of its name ("Ministry of Health, Labour and Welfare"
        // and 厚生労働大臣: `#JP:mhlw`, not also health, labour, welfar): one name, one weight
        const named = own.filter((t) => t.startsWith('#') && !t.startsWith('#=') && passage.terms.has(t)).map((t) => this.entityWords.get(t));
        for (const term of own) {
          // an acronym named is one term with its word ("G7": `#=G7`, `g7`): one name, one weight
          if (passage.spelled.has(term) && own.includes(`#=${passage.spelled.get(term)}`)) continue;
          if (named.length && !term.startsWith('#') && named.some((words) => words?.has(term))) continue;
          const w = weight(term);
          const p = passage.terms.get(term) ?? (implied.has(term) ? IMPLIED_WEIGHT : undefined);
          // an acronym the passage lacks costs nothing (a commitment may list several programmes); one it names counts
          if (p !== undefined || !term.startsWith('#=')) want += w;
          if (p !== undefined) {
            have += w * p;
            matched.push({ term, w });
          }
        }
        let contextShared = 0;
        let contextHave = 0;
        let contextWant = 0;
        for (const term of this.contextTerms[doc]!) {
          const p = passage.terms.get(term);
          if (p === undefined) continue;
          const w = weight(term) * CONTEXT_WEIGHT;
          contextHave += w * p;
          contextWant += w;
          contextShared++;
        }
        have += contextHave;
        want += contextWant;
        // at least two shared terms, one of the candidate's own: one shared word is chance, not evidence; a
        // word of the candidate's lead-in counts as the second
        const ownShared = matched.length;
        // a mechanism is met by naming it: its lead-in's words do not stand in for its own name
        const ownNeeded = candidate.kind === 'mechanism' ? 2 : 1;
        if (ownShared < ownNeeded || ownShared + contextShared < 2 || want === 0 || passageWeight === 0) continue;
        // a long commitment of which the passage reports one clause: that clause's coverage counts, a little less
        let coverage = have / want;
        for (const clause of this.clauses[doc] ?? []) {
          let clauseHave = contextHave;
          let clauseWant = contextWant;
          // only words read count here: an event's implied phrase is evidence for the whole item, not a clause of it
          for (const term of clause) {
            const w = weight(term);
            const p = passage.terms.get(term);
            if (p !== undefined || !term.startsWith('#=')) clauseWant += w;
            if (p !== undefined) clauseHave += w * p;
          }
          if (clauseWant > 0) coverage = Math.max(coverage, CLAUSE_SHARE * (clauseHave / clauseWant));
        }
        const score = Math.pow(coverage, 1 - this.passageSide) * Math.pow(Math.min(1, have / passageWeight), this.passageSide) * (passage.remark ? REMARK_FACTOR : 1);
        ranked.push({ doc, score, matched: matched.sort((a, b) => b.w - a.w).map((m) => m.term) });
      }
      for (const doc of touched) scores[doc] = 0;
      ranked.sort((a, b) => b.score - a.score);
      // a passage reports a meeting of one mechanism: only its best mechanism counts from it
      const topMechanism = ranked.find((r) => this.candidates[r.doc]!.kind === 'mechanism');
      for (const r of ranked) {
        if (this.candidates[r.doc]!.kind === 'mechanism' && r !== topMechanism) continue;
        const previous = best.get(r.doc);
        if (r.score > (previous?.score ?? 0)) best.set(r.doc, { score: r.score, passage, matched: r.matched });
        if (!passage.title && r.score > (bestSentence.get(r.doc)?.score ?? 0)) bestSentence.set(r.doc, { score: r.score, passage, matched: r.matched });
      }
      perPassage.push({ passage, ranked });
    }
    // a title restates what the body reports: the evidence shown is the body's sentence when it scores nearly
    // as well (the score stays the best one: the title is about the same event)
    for (const [doc, hit] of best) {
      const sentence = bestSentence.get(doc);
      if (hit.passage.title && sentence && sentence.score >= TITLE_TIE * hit.score) best.set(doc, { ...sentence, score: hit.score });
    }
    // a meeting of a mechanism is evidence for the commitment that promised it ("continue to hold the MM Dialogue")
    for (const [doc, hit] of [...best]) {
      if (hit.score < this.threshold) continue;
      for (const commitment of this.promisedBy.get(doc) ?? []) {
        if (!eligible(this.candidates[commitment]!)) continue;
        const inherited = hit.score * PROMISE_SHARE;
        if (inherited > (best.get(commitment)?.score ?? 0)) best.set(commitment, { ...hit, score: inherited, promised: true });
      }
    }
    const proposals: LinkProposal[] = [];
    for (const [doc, hit] of best) {
      if (hit.score >= this.threshold) proposals.push(this.proposal(doc, hit, event, true));
    }
    const order = (a: LinkProposal, b: LinkProposal) => b.score - a.score || a.candidateId.localeCompare(b.candidateId);
    proposals.sort(order);
    const listed = new Set(proposals.map((p) => p.candidateId));
    const nextBest: LinkProposal[] = [];
    for (const { ranked } of perPassage) {
      let n = 0;
      for (const { doc } of ranked) {
        if (n >= NEXT_BEST_PER_PASSAGE) break;
        const id = this.candidates[doc]!.id;
        if (listed.has(id) || !best.has(doc)) continue;
        listed.add(id);
        nextBest.push(this.proposal(doc, best.get(doc)!, event, false));
        n++;
      }
    }
    nextBest.sort(order);
    return { event, proposals, nextBest };
  }

  /** Proposals only (score ≥ threshold), best first: `link(readout).proposals`. */
  propose(readout: string, options: { planId?: string; date?: string | null; limit?: number } = {}): LinkProposal[] {
    return this.link(readout, options).proposals.slice(0, options.limit ?? 50);
  }

  /**
   * The sentences that can be evidence: not footnotes or captions (`※1 …`, `【ポーランド館】`), and
   * nothing after a reference heading (`(参考)`, `【関連資料】`, `Related links`): those explain or
   * point elsewhere, they do not report the event. Patterns: vocab/linking.json `notEvidence`.
   */
  private evidence(readout: string, list: { text: string; span: Span }[]): { text: string; span: Span }[] {
    const out: { text: string; span: Span }[] = [];
    for (const s of list) {
      // the whole line the sentence starts on decides whether it is a heading
      const lineStart = readout.lastIndexOf('\n', s.span.start - 1) + 1;
      const lineEnd = readout.indexOf('\n', s.span.start);
      const line = readout.slice(lineStart, lineEnd < 0 ? readout.length : lineEnd).trim();
      if (this.referenceHeading.test(line)) break;
      if (this.notEvidence.test(s.text) || this.heading.test(line)) continue;
      out.push(s);
    }
    return out;
  }

  private passage(s: { text: string; span: Span }, inHeadline: boolean): Passage {
    const event = this.events.read(s.text);
    // job titles are who attended, not what met: blank them out before reading words
    let text = s.text;
    for (const t of event.titles) text = text.slice(0, t.start) + ' '.repeat(t.end - t.start) + text.slice(t.end);
    const weights = new Map<string, number>();
    const read = terms(text);
    // right after terms(): the analyzer still holds this text's morphemes
    const predicate = hasPredicate(text);
    for (const term of read) {
      weights.set(term, 1);
      for (const t of this.related.get(term) ?? []) if (!weights.has(t)) weights.set(t, RELATED_WEIGHT);
    }
    for (const { re, also } of this.namedRelated) if (re.test(text)) for (const t of also) if (!weights.has(t)) weights.set(t, RELATED_WEIGHT);
    for (const id of this.entityMatcher.find(s.text)) weights.set(`#${id}`, 1);
    for (const id of this.ministriesHeaded(event.portfolios)) weights.set(`#${id}`, 1);
    // an acronym the passage names is one term: its word (`g7` of `G7`) is left out of the passage's terms
    const spelled = new Map<string, string>();
    for (const name of acronyms(s.text)) {
      const word = acronymWord(name);
      if (word) {
        weights.delete(word);
        spelled.set(word, name.slice(2));
      }
      weights.set(name, 1);
    }
    // the readout's own event at a high level implements "high-level contacts / exchanges"
    const implied = inHeadline ? this.events.implied(event).map((phrase) => terms(phrase)) : [];
    // one side's remark: a remark cue and no event, or one governing the event it mentions (English
    // "Kishida stated that the consultations … were held", Japanese "…万博が開催されるため…と述べました")
    const cue = this.remark.exec(s.text);
    let remark = false;
    if (cue && (!event.kind || event.kind === 'discussion')) remark = true;
    else if (cue && event.cue) {
      const at = s.text.indexOf(event.cue);
      remark = hasJapanese(s.text) ? cue.index > at : cue.index < at;
    }
    // "he stated that Japan decided to provide ODA": the remark announces a step
    if (remark && this.decision.test(s.text)) remark = false;
    // "exchanged views on future cooperation in life science": views, not a step, unless they agreed on one
    if ((!event.kind || event.kind === 'discussion') && this.views.test(s.text) && !this.agreement.test(s.text)) remark = true;
    const title = inHeadline && !SENTENCE_END.test(s.text);
    return { text: s.text, span: s.span, event, terms: weights, spelled, remark, predicate, title, implied };
  }

  /**
   * The ministries that ministers named by their portfolio head, from the gazetteer: 厚生労働 (大臣政務官) →
   * 厚生労働省, "(Minister) for Foreign Affairs of Japan" → Ministry of Foreign Affairs. Who came is actor
   * evidence, as the ministry's name would be. A portfolio naming a country ("ポーランド国防", "of the
   * Republic of Poland") is that country's ministry; else it is the home side's (the party every plan has).
   */
  private ministriesHeaded(portfolios: string[]): string[] {
    const out: string[] = [];
    for (const portfolio of portfolios) {
      const named = this.partiesNamed(portfolio);
      const found = hasJapanese(portfolio) ? this.jaMinistries(portfolio) : this.entityMatcher.find(`Ministry ${portfolio.replace(/^(?:of|for)\s+/i, 'of ')}`);
      for (const id of found) {
        const party = id.slice(0, id.indexOf(':')) as PartyCode;
        if (named.length ? named.includes(party) : this.ubiquitousParties.has(party)) out.push(id);
      }
    }
    return out;
  }

  /**
   * Bodies whose Japanese name, less its country's name and its middle dots, ends the portfolio read as a
   * ministry: 吉田厚生労働 → 厚生労働省; デンマーク王国内務保健 → デンマーク内務・保健省 (内務保健省).
   */
  private jaMinistries(portfolio: string): string[] {
    const ministry = `${portfolio}省`.replaceAll('・', '');
    return this.jaNameCores.filter((n) => ministry.endsWith(n.core)).map((n) => n.id);
  }

  private proposal(doc: number, hit: { score: number; passage: Passage; matched: string[]; promised?: boolean }, readoutEvent: ReadoutEvent, proposed: boolean): LinkProposal {
    const candidate = this.candidates[doc]!;
    let kind: EventKind = hit.passage.event.kind ?? readoutEvent.kind;
    // a mechanism (or the commitment that promised it) named where a readout of a meeting reports what was
    // discussed ("会談では…について議論が行われました") met at that meeting
    const met = readoutEvent.kind === 'meeting' || readoutEvent.kind === 'visit' || readoutEvent.kind === 'exercise';
    if (kind === 'discussion' && met && (candidate.kind === 'mechanism' || hit.promised)) kind = readoutEvent.kind;
    const level: EventLevel | null = hit.passage.event.level;
    const meetingKind = kind === 'meeting' || kind === 'visit' || kind === 'exercise';
    return {
      candidateId: candidate.id,
      kind: candidate.kind,
      planId: candidate.planId,
      score: Math.round(hit.score * 1000) / 1000,
      proposed,
      passage: { text: hit.passage.text, span: hit.passage.span },
      event: kind,
      proposedStatus: candidate.kind === 'commitment' ? statusFor(kind, candidate) : null,
      meeting: candidate.kind === 'mechanism' && meetingKind ? { date: readoutEvent.date } : null,
      matched: hit.matched,
      reason: `${kind}${level ? ` (${level})` : ''}; shared: ${hit.matched.slice(0, 6).map((m) => m.replace(/^#[A-Z]{2}:/, '')).join(', ')}`,
    };
  }
}

/** The `k` documents of `docs` with the highest scores, best first, without sorting them all (a size-k min-heap). */
function topByScore(docs: number[], scores: Float64Array, k: number): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => scores[a]! < scores[b]!;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const doc of docs) {
    if (heap.length < k) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (less(heap[0]!, doc)) {
      heap[0] = doc;
      down(0);
    }
  }
  return heap.sort((a, b) => scores[b]! - scores[a]!);
}

// An acronym names one programme, body or instrument: JARA, GCAP, ACSA, AMR (not a capitalised word: "The"),
// also run into Japanese text: "NATOを通じた協力" (only Latin letters and digits bound it)
const ACRONYM = /(?<![\p{Script=Latin}\p{N}])\p{Lu}[\p{Lu}\p{N}&]{1,9}(?![\p{Script=Latin}\p{N}])/gu;

/** Acronyms of a text as entity terms (`#=JARA`): naming the same programme is evidence, as naming the same body is. */
function acronyms(text: string): string[] {
  return [...new Set(text.normalize('NFKC').match(ACRONYM) ?? [])].map((a) => `#=${a}`);
}

// Where a commitment's clauses part: "…Ukraine; continuing …", "… – focused on …", "…, including …", "(ITPP)"
const CLAUSE_BREAK = /[;；:：()（）]|\s[–—-]\s|,?\s+(?=(?:including|as well as|in particular|through|in the context of|with a view to)\b)/u;
// A commitment that introduces a list of items: "… cooperation by:", "以下の取組を行う："
const LEAD_IN = /[:：]\s*$/;

const acronymWords = new Map<string, string | undefined>();
/** The word term an acronym term stands for as written: `#=G7` → `g7`. */
function acronymWord(term: string): string | undefined {
  if (!acronymWords.has(term)) acronymWords.set(term, terms(term.slice(2))[0]);
  return acronymWords.get(term);
}

/**
 * A mechanism's name as a commitment may repeat it, lower-cased: in full, and by its acronym with its
 * head word: `Military-to-Military (MM) Dialogue` → also `mm dialogue`.
 */
function nameVariants(name: string): string[] {
  const lower = name.toLowerCase();
  // "Military-to-Military (MM) Dialogue": the acronym in brackets, then the rest
  const acronym = /\(([A-Za-z0-9&]{2,})\)\s*(.*)$/.exec(name);
  return acronym ? [lower, `${acronym[1]} ${acronym[2]}`.trim().toLowerCase()] : [lower];
}

/** The first full date printed in the headline (a press release's own date), or null. */
function firstDay(headline: { text: string }[]): string | null {
  for (const s of headline) {
    const day = eventDay(s.text, null);
    if (day) return day;
  }
  return null;
}
