// Finds commitments in the tree: list items, action sentences of table cells, lead-ins, and the action
// sentences of prose sections (spec/extraction.md §3). Strength, themes and parents are set here; actors by the caller.
import type {
  BlockNode,
  Commitment,
  DocumentKind,
  Message,
  ListItemNode,
  ListNode,
  ParagraphNode,
  RootNode,
  SectionNode,
  Span,
  TableNode,
} from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { startsWithAction } from '../tree/headings.js';
import { judgeStrength } from './strength.js';
import { assignThemes } from './themes.js';
import { readWords, type TextWords } from './words.js';
import { fold, stripMarkdown } from './scan.js';
import { commitsInProse, hasPartyClause, statesPartyView } from './clauses.js';
import { placeOf } from '../ingest/offsets.js';
import { isWhiteSpace } from '../tree/lines.js';
import { isJapaneseText } from '../ja/analyzer.js';
import { findJapaneseCommitments } from './japanese-commitments.js';

interface Context {
  text: string;
  vocab: Vocabulary;
  out: Commitment[];
  /** Children numbered so far under each parent id, for ids such as "s2.1/c3.2". */
  childCount: Map<string, number>;
  /** Spans that are administrative provisions, never commitments. */
  excluded: Span[];
  /** Whether prose beside lists may hold commitments (statements and fact sheets, not plans). */
  proseBesideLists: boolean;
  actions: Set<string>;
  views: Set<string>;
  adverbs: Set<string>;
  /** Nouns of a meeting or body ("dialogue", "consultations"): an item a plan names by one is an action, not a link. */
  events: Set<string>;
  jaCommitment: RegExp;
}

interface Scope {
  section: SectionNode | null;
  /** Title of the nearest section that has one. */
  title: string | null;
  counter: { n: number };
}

// A line break between two Japanese characters is no space: "協力を\n強化する" reads "協力を強化する".
const CJK_BREAK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。])/gu;

/** White space folded as a reader sees it: runs become one space, none between Japanese characters. */
export function foldSpace(text: string): string {
  const folded = fold(text);
  return /[\u3000-\u9fff]/.test(folded) ? folded.replace(CJK_BREAK, '$1') : folded;
}

// A sentence about the document itself ("This Action Plan will commence on…") is a provision, not a commitment.
const SELF_REFERENCE_SOURCE =
  /\b(?:this|the present)\s+(?:joint\s+)?(?:strategic\s+)?(?:action\s+plan|plan|work(?:ing)?\s+program(?:me)?|programme|program|memorandum|document|arrangement|roadmap|agreement)\b/.source;
const SELF_REFERENCE = new RegExp(SELF_REFERENCE_SOURCE, 'i');
const SELF_REFERENCE_AT = new RegExp(SELF_REFERENCE_SOURCE, 'iy');

/**
 * Whether the text refers to the document itself (SELF_REFERENCE). Every match begins with the word "this" or "the"
 * (ASCII letters only: without the u flag no other letter matches them), a run of the text's words: the pattern is
 * tried only at those, not at every offset.
 */
function refersToItself(words: TextWords): boolean {
  // The reading stopped early: the runs are not all the text's.
  if (words.foldsOddly) return SELF_REFERENCE.test(words.text);
  const { text, runCount, runStarts, runEnds } = words;
  for (let k = 0; k < runCount; k++) {
    const start = runStarts[k]!;
    const length = runEnds[k]! - start;
    if ((length !== 4 && length !== 3) || (text.charCodeAt(start) | 32) !== 116 || (text.charCodeAt(start + 1) | 32) !== 104) continue;
    SELF_REFERENCE_AT.lastIndex = start;
    if (SELF_REFERENCE_AT.test(text)) return true;
  }
  return false;
}

/** The parts of the context that depend only on the vocabulary. */
type CompiledCues = Pick<Context, 'actions' | 'views' | 'adverbs' | 'events' | 'jaCommitment'>;

// Compiled once per vocabulary: building these patterns and sets for every document cost more than using them.
const compiledCues = new WeakMap<Vocabulary, CompiledCues>();

function compileCues(vocab: Vocabulary): CompiledCues {
  let compiled = compiledCues.get(vocab);
  if (compiled) return compiled;
  const cues = vocab.cues;
  compiled = {
    actions: new Set(cues.actionVerbs.filter((v) => !cues.leadAdverbs.includes(v))),
    views: new Set(cues.viewVerbs),
    adverbs: new Set(cues.leadAdverbs),
    events: new Set(vocab.strength.events),
    jaCommitment: new RegExp(cues.jaCommitment, 'u'),
  };
  compiledCues.set(vocab, compiled);
  return compiled;
}

// Plans put their actions in lists and tables; their prose beside them introduces chapters (spec §3). Statements
// and fact sheets mix prose and bullets, and their prose commits wherever the parties say they will act.
const PLAN_KINDS = new Set<DocumentKind>(['action_plan', 'work_programme', 'joint_working_plan']);

/** All commitments of a document in reading order; `kind` (from the metadata) decides how prose beside lists reads. */
export function findCommitments(text: string, root: RootNode, vocab: Vocabulary, excluded: Span[], kind: DocumentKind = 'other'): Commitment[] {
  if (isJapaneseText(text)) {
    const found = findJapaneseCommitments(text, root, vocab, excluded);
    for (const commitment of found) commitment.themes = assignThemes(commitment.text, vocab.themes);
    return found;
  }
  const ctx: Context = { text, vocab, out: [], childCount: new Map(), excluded, proseBesideLists: !PLAN_KINDS.has(kind), ...compileCues(vocab) };
  const hasSections = root.children.some((c) => c.type === 'section');
  const rootScope: Scope = { section: null, title: null, counter: { n: 0 } };
  visitBlocks(ctx, root.children.filter((c): c is BlockNode => c.type !== 'section'), rootScope, hasSections ? 'lists' : 'prose');
  for (const child of root.children) if (child.type === 'section') visitSection(ctx, child, null);
  return ctx.out;
}

function visitSection(ctx: Context, section: SectionNode, parentTitle: string | null): void {
  const scope: Scope = { section, title: section.title ?? parentTitle, counter: { n: 0 } };
  const blocks: BlockNode[] = [];
  const subsections: SectionNode[] = [];
  let body: ParagraphNode | null = null;
  let bodies = 0;
  for (const child of section.children) {
    if (child.type === 'section') subsections.push(child);
    else {
      blocks.push(child);
      if (child.type === 'paragraph' && child.role === 'body') {
        body = child;
        bodies++;
      }
    }
  }
  // Prose counts only in a section of prose alone; beside lists, tables or subsections it is an overview.
  const proseOnly = subsections.length === 0 && blocks.every((b) => b.type === 'paragraph');
  // Spec rule 2: a numbered sub-heading over a single paragraph makes that paragraph one commitment.
  if (proseOnly && section.number !== null && bodies === 1 && body!.children.length > 1) {
    if (visitProse(ctx, body!, scope, false, true)) return;
  }
  visitBlocks(ctx, blocks, scope, proseOnly ? 'prose' : 'lists');
  for (const sub of subsections) visitSection(ctx, sub, scope.title);
}

function visitBlocks(ctx: Context, blocks: BlockNode[], scope: Scope, mode: 'prose' | 'lists'): void {
  // The subject of a lead-in over numbered paragraphs ("Under the Agreement, the Leaders:" ⏎ "1. Launched …").
  let subject: string | null = null;
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (block.type === 'list') return visitList(ctx, block, scope, leadInBefore(ctx, blocks, i));
    if (block.type === 'table') return visitTable(ctx, block, scope);
    if (block.role !== 'body') return;
    if (next?.type === 'list' && endsWithColon(ctx, block)) return; // the list's lead-in: added with the list
    const numbered = PARAGRAPH_NUMBER.test(ctx.text.slice(block.span.start, block.span.end));
    if (!numbered) subject = null;
    // Prose beside lists is an overview, except where the parties say in so many words that they will act.
    if (mode === 'prose' || ctx.proseBesideLists) visitProse(ctx, block, scope, mode === 'lists', false, subject);
    if (endsWithColon(ctx, block)) subject = leadInSubject(ctx, block);
  });
}

/** The last sentence of a paragraph ending in ":", without it: "Under the Agreement, the Leaders". */
function leadInSubject(ctx: Context, paragraph: ParagraphNode): string | null {
  const last = paragraph.children[paragraph.children.length - 1];
  if (!last) return null;
  const text = ctx.text.slice(last.span.start, last.span.end).trimEnd().replace(/:$/, '');
  return text.slice(PARAGRAPH_NUMBER.exec(text)?.[0].length ?? 0);
}

function endsWithColon(ctx: Context, node: { span: Span }): boolean {
  return ctx.text.slice(node.span.start, node.span.end).trimEnd().endsWith(':');
}

/** A paragraph ending in ":" right before a list is its lead-in; the lead-in is its last sentence. */
function leadInBefore(ctx: Context, blocks: BlockNode[], index: number): Span | null {
  const previous = blocks[index - 1];
  if (!previous || previous.type !== 'paragraph' || previous.role !== 'body' || !endsWithColon(ctx, previous)) return null;
  const last = previous.children[previous.children.length - 1];
  return last ? last.span : previous.span;
}

/**
 * `strict`: only sentences whose party subject commits count (prose beside lists); else imperatives count too.
 * `whole`: the paragraph is one commitment if any sentence commits (spec rule 2). Returns whether any committed.
 */
function visitProse(ctx: Context, paragraph: ParagraphNode, scope: Scope, strict: boolean, whole = false, subject: string | null = null): boolean {
  let committed = false;
  // Where the text of a numbered paragraph starts, after its number ("5. Deepening …"; the number may be a sentence of its own).
  const itemStart = paragraph.span.start + (PARAGRAPH_NUMBER.exec(ctx.text.slice(paragraph.span.start, paragraph.span.end))?.[0].length ?? 0);
  for (const sentence of paragraph.children) {
    const text = ctx.text.slice(sentence.span.start, sentence.span.end);
    // A numbered paragraph ("3. The ministries will…") keeps its number out of the commitment.
    const number = /^\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+/.exec(text)?.[0].length ?? 0;
    const body = text.slice(number);
    const opensItem = itemStart > paragraph.span.start && sentence.span.start + number === itemStart;
    // A numbered paragraph under a lead-in completes it: "the Leaders:" ⏎ "1. Agreed to establish a Corridor …".
    const inProse = () => commitsInProse(body, ctx.vocab) || (opensItem && subject !== null && commitsInProse(`${subject} ${body}`, ctx.vocab));
    const commits = strict
      ? inProse()
      : startsWithAction(body, ctx.vocab.cues) || inProse() || ctx.jaCommitment.test(body) || (opensItem && actionItem(ctx, body));
    if (commits && whole) {
      const lead = /^\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+/.exec(ctx.text.slice(paragraph.span.start, paragraph.span.end))?.[0].length ?? 0;
      add(ctx, { start: paragraph.span.start + lead, end: paragraph.span.end }, scope, null);
      return true;
    }
    if (commits) add(ctx, { start: sentence.span.start + number, end: sentence.span.end }, scope, null);
    committed ||= commits;
  }
  return committed;
}

const PARAGRAPH_NUMBER = /^\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+/;

/**
 * A numbered paragraph led by the "-ing" form of an action verb, with no party subject of its own, is an item of an
 * enumerated list of actions, as under "… are committed to working more closely in the following ways:" →
 * "5. Deepening exchanges and working together to strengthen regional cooperation …"; not "5. Expressing satisfaction
 * at …, the two Prime Ministers resolved …", whose participle only opens the sentence.
 */
function actionItem(ctx: Context, text: string): boolean {
  const head = leadingWord(text);
  if (!head || !head.word.endsWith('ing') || !isActionWord(ctx.actions, head.word.toLowerCase())) return false;
  return !hasPartyClause(text, ctx.vocab);
}

function visitList(ctx: Context, list: ListNode, scope: Scope, leadIn: Span | null): void {
  const leadText = leadIn ? ctx.text.slice(leadIn.start, leadIn.end) : null;
  const parent = leadText !== null && leadInCommits(ctx, leadText) ? add(ctx, leadIn!, scope, null) : null;
  // In a statement, the items under a lead-in in which the parties state a view ("Both sides share the view that new
  // possibilities have been created by:") complete that view; an item counts only where the parties commit in it.
  const viewOnly = ctx.proseBesideLists && leadText !== null && statesPartyView(leadText, ctx.vocab);
  for (const item of list.children) visitItem(ctx, item, scope, parent, viewOnly);
}

/**
 * In a plan every lead-in of a list is a commitment. In a statement only one whose parties commit to something it
 * names: "The two sides intend to cooperate on energy by:" is one; "Together, the United States and Japan will:"
 * (nothing named) and "Key terms of the Agreement will include:" (not the parties) are not.
 */
function leadInCommits(ctx: Context, text: string): boolean {
  if (!ctx.proseBesideLists) return true;
  return !/\b(?:will|shall|to)\s*:\s*$/i.test(text) && commitsInProse(text, ctx.vocab);
}

function visitItem(ctx: Context, item: ListItemNode, scope: Scope, parent: Commitment | null, viewOnly = false): void {
  const paragraph = item.children.find((c): c is ParagraphNode => c.type === 'paragraph');
  let first: Commitment | null = null;
  for (const unit of paragraph ? itemUnits(ctx, paragraph) : []) {
    const unitText = ctx.text.slice(unit.start, unit.end);
    if (statesView(ctx, unitText) || isLinkLike(ctx, unitText) || OFFICE_HOLDER.test(unitText)) continue;
    // In a statement a label over nested items ("Development assistance:", "Both sides agreed to:") is a lead-in, a
    // commitment only where the parties commit in it.
    if (ctx.proseBesideLists && unitText.trimEnd().endsWith(':') && item.children.some((c) => c.type === 'list') && !leadInCommits(ctx, unitText)) continue;
    if (viewOnly && !commitsInProse(unitText, ctx.vocab)) continue;
    const made = add(ctx, unit, scope, parent);
    first ??= made;
  }
  for (const child of item.children) {
    if (child.type === 'list') for (const nested of child.children) visitItem(ctx, nested, scope, first ?? parent, viewOnly);
  }
}

/** A line naming an office holder, as in a list of delegates: "Dr Jane Roe, Minister for Foreign Affairs", "The Hon John Doe MP, Minister for Trade". */
const OFFICE_HOLDER = /^(?:The\s+)?(?:Mr|Ms|Mrs|Mme|Dr|H\.?\s?E|Senator(?:\s+the\s+Hon)?|Hon|His\s+Excellency|Her\s+Excellency)\.?\s+[^,;:]{2,60},\s+(?:[\p{Lu}][\p{L}-]*\s+){0,2}(?:Minister|Secretary|Ambassador|President|Chancellor|Governor)\b[^.;:]*$/u;

// A word of a link: "Japan-Italy", "Releases", "Children’s".
const LINK_WORD = /\p{L}[\p{L}'’-]*/gu;

/**
 * "Japan-Italy Relations", "Press Releases": a short all-capitalized item with no verb is a link, not an action: at
 * most 8 words, with a word of 4 letters or more, each such word capitalized, and none an action verb; in a plan, not
 * one whose last word names a meeting or body. Read word by
 * word, stopping at the first that fails: most items have a lower-case word early on.
 */
function isLinkLike(ctx: Context, text: string): boolean {
  if (text.length > 120 || endsWithStop(text)) return false;
  let words = 0;
  let content = false;
  let last = '';
  LINK_WORD.lastIndex = 0;
  for (let m = LINK_WORD.exec(text); m; m = LINK_WORD.exec(text)) {
    const w = m[0];
    if (++words > 8) return false;
    if (w.length >= 4) {
      const first = w.charCodeAt(0);
      if (first < 128 ? first > 90 : !CAPITALIZED.test(w)) return false;
      content = true;
    }
    last = w.toLowerCase();
    if (ctx.actions.has(last)) return false;
  }
  // A plan lists the meetings it will hold by name: "Fisheries Policy Dialogue", "Annual Coastal Security Dialogue"
  // under "Mechanisms of Cooperation" are actions, not links of a page.
  return content && !(!ctx.proseBesideLists && ctx.events.has(last));
}

/** What /[.;:]$/ finds in the trimmed text, read by char code from its end without a trimmed copy. */
function endsWithStop(text: string): boolean {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  const last = text.charCodeAt(end - 1);
  return last === 46 || last === 59 || last === 58;
}

// Module constants: tsx turns a literal with \p{…} outside a character class into a RegExp built at every call.
const CAPITALIZED = /^\p{Lu}/u;
const TWO_LETTERS = /\p{L}{2}/u;
// A cell sentence that starts a sentence: "Promote…", "“Japan…", "(a) Hold…"; a lower-case start continues a cell cut by a page.
const CELL_SENTENCE_START = /^["“(]?\p{Lu}/u;

/** Whether a lower-cased word is an action verb, bare or as its "-ing" form ("working", "promoting"). */
function isActionWord(actions: Set<string>, word: string): boolean {
  if (actions.has(word)) return true;
  if (!word.endsWith('ing')) return false;
  const stem = word.slice(0, -3);
  return actions.has(stem) || actions.has(`${stem}e`);
}

/**
 * "welcoming cooperation programs…": a view, unless an action verb follows ("reiterating…, working together…") or
 * a later clause has the parties commit ("Noting the request of …. The United States commits to a review of it.").
 */
function statesView(ctx: Context, text: string): boolean {
  const head = leadingWord(text);
  // "In addition, the two countries take note of …": a view with the parties as its subject.
  // An item led by its action ("Collaborating in …, where the United States welcomes Japan …") is no view.
  if (!head) return false;
  const first = head.word.toLowerCase();
  if (!ctx.views.has(first)) return ctx.proseBesideLists && !isActionWord(ctx.actions, first) && statesPartyView(text, ctx.vocab);
  const words = text.slice(head.end).toLowerCase().match(/[\p{L}-]+/gu) ?? [];
  if (words.some((w) => isActionWord(ctx.actions, w))) return false;
  return !commitsInProse(text, ctx.vocab);
}

/**
 * The word that leads an item, after what is no letter and an adverb in "-ly" ("Jointly welcoming …" → "welcoming"),
 * with where it ends: what /^[^\p{L}]*(?:([\p{L}]+ly)\s+)?([\p{L}-]+)/u finds as its second group, read by char code.
 * Null when the text has neither a letter nor a hyphen.
 */
function leadingWord(text: string): { word: string; end: number } | null {
  let letter = 0;
  while (letter < text.length && !letterWidth(text, letter)) letter += codePointWidth(text, letter);
  // No letter: the pattern backs off to its last hyphen.
  if (letter === text.length) {
    const hyphen = text.lastIndexOf('-');
    return hyphen < 0 ? null : { word: '-', end: hyphen + 1 };
  }
  let start = letter;
  let run = letter;
  for (let width = letterWidth(text, run); width; width = letterWidth(text, run)) run += width;
  // An adverb: letters ending in "ly" after at least one more, then white space, then the word.
  if (run - 2 > letter && text.startsWith('ly', run - 2)) {
    let next = run;
    while (next < text.length && isWhiteSpace(text.charCodeAt(next))) next++;
    if (next > run && wordCharWidth(text, next)) start = next;
  }
  let end = start;
  for (let width = wordCharWidth(text, end); width; width = wordCharWidth(text, end)) end += width;
  return { word: text.slice(start, end), end };
}

/**
 * A list item is one commitment, unless it runs several imperative sentences together
 * ("Share experience on policies… . Share information and experience…"), which are one each.
 */
function itemUnits(ctx: Context, paragraph: ParagraphNode): Span[] {
  const units: Span[] = [];
  for (const sentence of paragraph.children) {
    const text = ctx.text.slice(sentence.span.start, sentence.span.end);
    const last = units[units.length - 1];
    if (last && !startsWithAction(text, ctx.vocab.cues)) last.end = sentence.span.end;
    else units.push({ ...sentence.span });
  }
  return units;
}

/** In a flattened table every sentence of a cell that carries an action is a commitment; debris is not. */
function visitTable(ctx: Context, table: TableNode, scope: Scope): void {
  const actions = ctx.actions;
  for (const row of table.children) {
    for (const cell of row.children) {
      for (const sentence of cell.children) {
        const text = sentence.data?.text ?? ctx.text.slice(sentence.span.start, sentence.span.end);
        if (!CELL_SENTENCE_START.test(text)) continue;
        if (hasActionWord(text.toLowerCase(), actions)) add(ctx, sentence.span, scope, null, text);
      }
    }
  }
}

/**
 * Whether a lower-cased cell sentence has an action verb, bare or with "-ing"/"-s" ("organizing", "holds" → "hold").
 * Its words are the runs of letters and hyphens (`follow-up`), read by char code; a word is looked up only when some
 * form of an action verb has its length and its first and last letters (most words have none).
 */
export function hasActionWord(lower: string, actions: Set<string>): boolean {
  const forms = actionFormsOf(actions);
  for (let i = 0; i < lower.length; ) {
    const width = wordCharWidth(lower, i);
    if (!width) {
      i += codePointWidth(lower, i);
      continue;
    }
    const start = i;
    for (i += width; i < lower.length; ) {
      const next = wordCharWidth(lower, i);
      if (!next) break;
      i += next;
    }
    if (forms.mayHold(lower, start, i) && forms.words.has(lower.slice(start, i))) return true;
  }
  return false;
}

/** What /[\p{L}-]/u reads at `i`: 1 or 2 (a surrogate pair) for a letter or a hyphen, 0 for anything else or the end. */
function wordCharWidth(text: string, i: number): number {
  return text.charCodeAt(i) === 45 ? 1 : letterWidth(text, i);
}

/** What /\p{L}/u reads at `i`: 1 or 2 (a surrogate pair) for a letter, else 0. ASCII by its code, the rest by the pattern. */
function letterWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // Written out, not text.ts's isAsciiLetter: an imported const arrow function is checked for its binding on every
  // call in optimized code, and this runs on every character of the cells and sentences read for action words.
  if (c < 128) return ((c | 32) >= 97 && (c | 32) <= 122) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  LETTER_AT.lastIndex = i;
  return LETTER_AT.test(text) ? LETTER_AT.lastIndex - i : 0;
}

const LETTER_AT = /\p{L}/uy;

/** 2 for a surrogate pair at `i`, else 1: a pattern with the u flag reads the pair as one character. */
function codePointWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/**
 * The words hasActionWord finds: an action verb, itself with "ing" or with "s" (what it removes: "ing" if a word ends
 * so, else a final "s"), and a bit per length, first and last character of them (five low bits each) that rules out
 * most other words without a copy.
 */
class ActionForms {
  readonly words = new Set<string>();
  private readonly ends = new Int32Array(32 * 32);

  constructor(actions: Set<string>) {
    for (const verb of actions) for (const form of [verb, `${verb}ing`, `${verb}s`]) this.words.add(form);
    for (const form of this.words) {
      if (!form) continue; // no word is empty
      const key = keyOf(form, 0, form.length);
      this.ends[key] = this.ends[key]! | (1 << (form.charCodeAt(form.length - 1) & 31));
    }
  }

  mayHold(text: string, start: number, end: number): boolean {
    return (this.ends[keyOf(text, start, end)]! & (1 << (text.charCodeAt(end - 1) & 31))) !== 0;
  }
}

/** A word's length (31 for any longer) and first character's five low bits, as one index. */
function keyOf(text: string, start: number, end: number): number {
  return (Math.min(end - start, 31) << 5) | (text.charCodeAt(start) & 31);
}

const actionForms = new WeakMap<Set<string>, ActionForms>();

function actionFormsOf(actions: Set<string>): ActionForms {
  let forms = actionForms.get(actions);
  if (!forms) actionForms.set(actions, (forms = new ActionForms(actions)));
  return forms;
}

/**
 * An excerpt may end in the middle of a sentence. The last commitment, when nothing but white space follows it
 * and it stops on a word that cannot end a sentence ("…and to promote the", "…cooperation in the field of"),
 * is taken out and reported as a message instead: it was cut off, not written so.
 * Example: "…- Promote exchanges between universities and" at the end of the text → message `extract/cut-off`.
 */
export function withoutCutOffEnd(text: string, commitments: Commitment[], file: string): { commitments: Commitment[]; message: Message | null } {
  const last = commitments.reduce<Commitment | null>((a, c) => (!a || c.span.end > a.span.end ? c : a), null);
  if (!last || followedByText(text, last.span.end)) return { commitments, message: null };
  const tail = text.slice(last.span.start, last.span.end).trimEnd();
  // Its last 8 characters settle both patterns (the longest word, "between", and the character before it for `\b`):
  // tried at every offset of a long unit, the end-anchored patterns cost more than the rest of this check.
  const end = tail.slice(-8);
  if (!CUT_OFF_END.test(end) || /[.;:!?。)"”’]$/.test(end)) return { commitments, message: null };
  return {
    commitments: commitments.filter((c) => c !== last),
    message: {
      file,
      rule: 'extract/cut-off',
      reason: `the text ends mid-sentence ("…${tail.slice(-40)}"): that item is not read as a commitment`,
      place: placeOf(text, last.span.start),
      fatal: false,
    },
  };
}

/**
 * Whether anything but white space follows `end`, a line of "##" (a heading mark left empty) aside. The first
 * character after the white space settles it unless it can open such a line: the rest of a long document is then
 * not copied.
 */
function followedByText(text: string, end: number): boolean {
  let next = end;
  while (next < text.length && isWhiteSpace(text.charCodeAt(next))) next++;
  if (next === text.length) return false;
  if (text[next] !== '\\' && text[next] !== '#') return true;
  return /\S/.test(text.slice(end).replace(/^\s*\\?#{2,}\s*$/m, ''));
}

// A word that cannot end a sentence: an article, preposition or conjunction, or a comma.
const CUT_OFF_END = /(?:\b(?:the|a|an|of|and|or|to|in|for|with|on|by|between|from|at|as|that|which|its|their|our)|,)$/i;

/** `reassembled`: the words of a table cell that a PDF wrapped over several lines, where the span is not the text. */
function add(ctx: Context, unit: Span, scope: Scope, parent: Commitment | null, reassembled?: string): Commitment | null {
  const span = reassembled ? unit : withoutRunInLabel(ctx, withoutEmphasis(ctx.text, unit));
  // The text as a reader sees it: Markdown emphasis inside the span ("the **United States and India intend to…**
  // and lay…") is markup, not words; the span still points at the source as written.
  const text = foldSpace(stripMarkdown(reassembled ?? ctx.text.slice(span.start, span.end)));
  if (!TWO_LETTERS.test(text)) return null;
  for (const x of ctx.excluded) if (x.start < span.end && span.start < x.end) return null;
  // Read once for the readers of the words: this test, the strength judge and the theme assigner.
  const words = readWords(text);
  if (refersToItself(words)) return null;
  const judged = judgeStrength(text, ctx.vocab, parent?.strength === 'exploratory' && parent.strengthCue !== null, words);
  const commitment = pushCommitment(ctx, scope, span, text, parent, judged);
  commitment.themes = assignThemes(text, ctx.vocab.themes, words);
  return commitment;
}

/** Where a commitment is numbered and collected: the parts of a finder's context and scope it needs. */
export interface CommitmentSink {
  out: Commitment[];
  /** Children numbered so far under each parent id, for ids such as "s2.1/c3.2". */
  childCount: Map<string, number>;
}
export interface CommitmentScope {
  section: SectionNode | null;
  title: string | null;
  counter: { n: number };
}

/**
 * Appends one commitment with its deterministic id (English and Japanese finders alike): `s2.1/c3` for the
 * third in section s2.1, `s2.1/c3.2` for the second nested under it.
 */
export function pushCommitment(
  ctx: CommitmentSink,
  scope: CommitmentScope,
  span: Span,
  text: string,
  parent: Commitment | null,
  judged: { strength: Commitment['strength']; cue: string | null },
): Commitment {
  const sectionId = scope.section?.id ?? null;
  let id: string;
  if (parent) {
    const n = (ctx.childCount.get(parent.id) ?? 0) + 1;
    ctx.childCount.set(parent.id, n);
    id = `${parent.id}.${n}`;
  } else {
    scope.counter.n++;
    id = `${sectionId ?? 'root'}/c${scope.counter.n}`;
  }
  const commitment: Commitment = {
    id,
    text,
    span: { ...span },
    sectionId,
    section: scope.title,
    strength: judged.strength,
    strengthCue: judged.cue,
    actors: [],
    parentId: parent?.id ?? null,
    themes: [],
  };
  ctx.out.push(commitment);
  return commitment;
}

// A run-in label at the start of a unit, with a list marker the tree left in (Markdown escapes it: "b\\."), then
// what the parties do: "(a) Energy: Promote …", "b\\. **Financing:** In addition …", "**Digital:** Establish …".
// A few words, the first capitalized, no sentence mark; the text after the colon starts a sentence.
const RUN_IN_LABEL = /^(?:\(?[a-z]\\?[.)]\s+)?[*_]*\p{Lu}[\p{L}\d&’'-]*(?:\s+[\p{L}\d&’'-]+){0,4}\s*:\s*[*_]*\s*(?=[*_]*["“]?\p{Lu})/u;
// Words that make the text before a colon a lead-in, not a label: "The parties will:", "Key terms include:".
const LEAD_IN_WORDS = /\b(?:will|shall|to|by|include|includes|including|are|is|as follows|following)\s*:/i;

/**
 * A unit without its run-in label (spec §3: the label is a section, the text after it the commitment). A label names
 * a field; one that starts with an action verb is the action itself: "Promote research in three fields: Marine …".
 */
function withoutRunInLabel(ctx: Context, span: Span): Span {
  const { text } = ctx;
  const unit = text.slice(span.start, span.end);
  // A label ends at a colon: most units have none, and a native search says so faster than the pattern fails.
  if (!unit.includes(':')) return span;
  const label = RUN_IN_LABEL.exec(unit);
  if (!label || LEAD_IN_WORDS.test(label[0]) || startsWithAction(label[0].replace(/^\(?[a-z]\\?[.)]\s+|[*_]/g, ''), ctx.vocab.cues)) return span;
  let start = span.start + label[0].length;
  while (start < span.end && isEmphasisMark(text.charCodeAt(start))) start++;
  return start < span.end ? { start, end: span.end } : span;
}

/** A unit without the Markdown emphasis around it: "**Collaborating with…**" → "Collaborating with…", "…future.**" → "…future.". */
function withoutEmphasis(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isEmphasisOrSpace(text.charCodeAt(start))) start++;
  while (end > start && isEmphasisOrSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** "*" or "_": what /[*_]/ finds. */
function isEmphasisMark(code: number): boolean {
  return code === 42 || code === 95;
}

/** What /[*_\s]/ finds. */
function isEmphasisOrSpace(code: number): boolean {
  return isEmphasisMark(code) || isWhiteSpace(code);
}
