// Commitments of a Japanese document (spec/extraction.md, "Japanese texts"): each list item and each sentence of
// prose is judged by its clause-final predicate (src/ja/predicate.ts); items that end on a noun ("定期協議の開催")
// commit when the sentence that leads into them or closes them does ("以下の分野において協力する意思を有する",
// "…について着実に実施していく").
import type { Commitment, ListItemNode, ListNode, ParagraphNode, RootNode, SectionNode, Span } from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { tokensIn, type JaToken } from '../ja/analyzer.js';
import { judgePredicate, judgeStrength, type PredicateJudgement } from '../ja/predicate.js';
import { foldSpace, pushCommitment } from './commitments.js';
import { escapeRegExp } from '../text.js';

interface LeadIn {
  /** The lead-in as a commitment, when it is one: the parent of what follows. */
  commitment: Commitment | null;
  /** Whether it commits: then items after it that end on a noun commit too. */
  commits: boolean;
  /** Level of the section it stands in (0 at the root): a section at or above it ends its reach. */
  level: number;
}

interface Context {
  text: string;
  vocab: Vocabulary;
  out: Commitment[];
  excluded: Span[];
  leadIn: LeadIn | null;
  leadInCue: RegExp;
  childCount: Map<string, number>;
  /** Where the text ends: a unit reaching it without ending its sentence was cut off by the excerpt. */
  textEnd: number;
}

interface Scope {
  section: SectionNode | null;
  title: string | null;
  level: number;
  counter: { n: number };
}

/** A unit of text judged as one: its verdicts sentence by sentence and its tokens. */
interface Judged {
  span: Span;
  tokens: JaToken[];
  verdicts: PredicateJudgement[];
}

const ENDS_SENTENCE = /[。．][)）」』]*$/u;
// "以下の分野において", "次のように決定した", "以下を行う": what follows is led into ("以下「両政府」という" is a definition).
const LEAD_IN_CUE = (cues: string[]) => new RegExp(`(?:${cues.map(escapeRegExp).join('|')})(?:の|を|に|のとおり|ように)?(?![「『])`, 'u');

const leadInCache = new WeakMap<Vocabulary, RegExp>();

/** All commitments of a Japanese document in reading order. */
export function findJapaneseCommitments(text: string, root: RootNode, vocab: Vocabulary, excluded: Span[]): Commitment[] {
  let leadInCue = leadInCache.get(vocab);
  if (!leadInCue) {
    leadInCue = LEAD_IN_CUE(vocab.japanese.leadIns);
    leadInCache.set(vocab, leadInCue);
  }
  const ctx: Context = { text, vocab, out: [], excluded, leadIn: null, leadInCue, childCount: new Map(), textEnd: text.trimEnd().length };
  visit(ctx, root.children, { section: null, title: null, level: 0, counter: { n: 0 } });
  return ctx.out;
}

function visit(ctx: Context, children: (SectionNode | ParagraphNode | ListNode | { type: 'table' })[], scope: Scope): void {
  children.forEach((child, i) => {
    if (child.type === 'section') {
      if (ctx.leadIn && child.level <= ctx.leadIn.level) ctx.leadIn = null;
      visit(ctx, child.children, { section: child, title: child.title ?? scope.title, level: child.level, counter: { n: 0 } });
      return;
    }
    const next = children[i + 1];
    const previous = children[i - 1];
    if (child.type === 'list') {
      const tail = next?.type === 'paragraph' && isTail(ctx, next) ? next : null;
      visitList(ctx, child, scope, ctx.leadIn?.commitment ?? null, tail ? judge(ctx, tail.span) : null);
      return;
    }
    if (child.type !== 'paragraph' || child.role !== 'body') return;
    if (previous?.type === 'list' && isTail(ctx, child)) return; // the predicate of the list before it
    // "日本及びメコン地域諸国は," before a list: a subject, no action of its own.
    const paragraphText = ctx.text.slice(child.span.start, child.span.end).trimEnd();
    if (next?.type === 'list' && !ENDS_SENTENCE.test(paragraphText)) return;
    // "両国の…協力の強化と深化を志向し、": a paragraph ending on a comma is a clause (a preamble's recital) whose
    // predicate comes in a later paragraph.
    if (next && CONTINUES.test(paragraphText)) return;
    // "…局長級協議を新たに設置。…についても協議。": under a heading, an outline's cell written in sentences that all
    // end on a noun is a run of items, each judged as a list item would be. Before the first heading such sentences
    // summarise the background ("…から丸10年が経過。").
    const asItems = scope.section !== null && child.children.length > 0 && child.children.every((sentence) => endsOnNoun(ctx, sentence.span));
    for (const sentence of child.children) visitUnit(ctx, sentence.span, scope, asItems);
  });
}

const CONTINUES = /[、，,]$/u;

/** Whether a sentence ends on a noun and a full stop ("…協議を新たに設置。"), with no verb after its last noun. */
function endsOnNoun(ctx: Context, span: Span): boolean {
  if (!ENDS_SENTENCE.test(ctx.text.slice(span.start, span.end).trimEnd())) return false;
  const tokens = tokensIn(ctx.text, span);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.pos === '記号') continue;
    return t.pos === '名詞';
  }
  return false;
}

/** A paragraph that starts on a particle ("について着実に実施していく。") completes the list before it. */
function isTail(ctx: Context, paragraph: ParagraphNode): boolean {
  return /^(?:について|ついて|に関し|に対し|を通じ|をもって|とともに|を)/u.test(ctx.text.slice(paragraph.span.start, paragraph.span.end));
}

function judge(ctx: Context, span: Span): Judged {
  const tokens = tokensIn(ctx.text, span);
  const verdicts: PredicateJudgement[] = [];
  let from = 0;
  for (let i = 0; i <= tokens.length; i++) {
    // A "。" closing a bracketed definition ("(以下「ルリタニア大臣」とします。)") ends no sentence of its own.
    if (i === tokens.length || (tokens[i]!.surface === '。' && !/^[)）」』]/u.test(tokens[i + 1]?.surface ?? ''))) {
      const sentence = tokens.slice(from, i + 1);
      if (sentence.some((t) => t.pos !== '記号')) verdicts.push(judgePredicate(sentence, ctx.vocab.japanese));
      from = i + 1;
    }
  }
  return { span, tokens, verdicts };
}

/**
 * One unit (a sentence of prose, or a whole list item): emitted when it commits, or when it ends on an action noun and
 * what leads into it or closes it commits (for an item: also when nothing leads into it, "• 首脳会談の開催。").
 */
function visitUnit(ctx: Context, span: Span, scope: Scope, isItem: boolean, parent: Commitment | null = ctx.leadIn?.commitment ?? null, tail: Judged | null = null): Commitment | null {
  const judged = judge(ctx, span);
  const unitText = ctx.text.slice(span.start, span.end);
  if (span.end >= ctx.textEnd && !ENDS_SENTENCE.test(unitText.trimEnd())) return null; // cut off by the excerpt
  const commits = judged.verdicts.some((v) => v.verdict === 'commit');
  const nouns = judged.verdicts.filter((v) => v.verdict === 'noun');
  const allNouns = nouns.length > 0 && nouns.length === judged.verdicts.length;
  const tailCommits = tail ? tail.verdicts.some((v) => v.verdict === 'commit') : null;
  const leadIn = ctx.leadIn;
  let emit = commits;
  if (!emit && allNouns) {
    if (tailCommits !== null) emit = tailCommits;
    else if (leadIn && parent === leadIn.commitment) emit = leadIn.commits;
    else emit = isItem && nouns.some((v) => actionNoun(ctx, v.head, judged.tokens));
  }
  let made: Commitment | null = null;
  if (emit) {
    const head = allNouns ? nouns[nouns.length - 1]!.head : null;
    const strength = judgeStrength(judged.tokens, ctx.vocab.japanese, head);
    made = add(ctx, span, scope, parent, strength);
  }
  if (ctx.leadInCue.test(unitText)) {
    const verdict = judged.verdicts[judged.verdicts.length - 1]?.verdict;
    ctx.leadIn = { commitment: made, commits: made !== null || verdict === 'commit', level: scope.level };
  }
  return made;
}

/** A サ変 noun that names an action ("開催", "強化", "充実"), not a view ("希望", "歓迎" alone) nor a state. */
function actionNoun(ctx: Context, head: string, tokens: JaToken[]): boolean {
  const token = tokens.find((t) => t.base === head);
  if (!token || token.detail !== 'サ変接続') return false;
  return !ctx.vocab.japanese.viewVerbs.includes(head) && !ctx.vocab.japanese.stateVerbs.includes(head);
}

function visitList(ctx: Context, list: ListNode, scope: Scope, parent: Commitment | null, tail: Judged | null): void {
  for (const item of list.children) visitItem(ctx, item, scope, parent, tail);
}

function visitItem(ctx: Context, item: ListItemNode, scope: Scope, parent: Commitment | null, tail: Judged | null): void {
  const made = visitUnit(ctx, item.content, scope, true, parent, tail);
  for (const child of item.children) {
    if (child.type === 'list') visitList(ctx, child, scope, made ?? parent, null);
  }
}

function add(ctx: Context, span: Span, scope: Scope, parent: Commitment | null, judged: { strength: Commitment['strength']; cue: string | null }): Commitment | null {
  if (ctx.excluded.some((x) => x.start < span.end && span.start < x.end)) return null;
  const text = foldSpace(ctx.text.slice(span.start, span.end));
  if (!/\p{L}{2}/u.test(text)) return null;
  return pushCommitment(ctx, scope, span, text, parent, judged);
}
