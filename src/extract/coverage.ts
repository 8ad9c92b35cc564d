// Coverage: how much of a document's action-like text its commitments cover, per section, so that a parse
// which lost a table or misread a language never looks like a short document (a warning names the gap).
import type { BlockNode, Commitment, Coverage, CoverageSection, ListItemNode, Message, RootNode, SectionNode, SentenceNode, Span, TableCellNode, TableRowNode } from '../types.js';
import type { Vocabulary } from '../vocab/index.js';
import { startsWithAction } from '../tree/headings.js';
import { hasActionWord } from './commitments.js';
import { tokensIn } from '../ja/analyzer.js';
import { judgePredicate } from '../ja/predicate.js';
import { escapeRegExp } from '../text.js';

/** The rule id of the under-read warning (`file: 12 action-like sentences, 0 commitments: … [extract/under-read]`). */
export const UNDER_READ_RULE = 'extract/under-read';

/**
 * When a document is under-read: at least this many action-like sentences lie outside every commitment,
 * and they are at least this share of its action-like sentences. Chosen on the seeds, gold/dev and
 * gold/dev-ja (see test/extract/coverage.test.ts): documents read well stay below, a document whose
 * actions were lost (a language or layout the extractor does not read) goes above.
 */
export const UNDER_READ_MIN_UNCOVERED = 8;
export const UNDER_READ_MIN_SHARE = 0.5;

interface Compiled {
  /** English modal cues before an action: "the ministries will promote…", "Japan intends to hold…" (global: tested from 0). */
  will: RegExp;
  actions: Set<string>;
  /** A Japanese sentence ending in a verb of action: "協議を毎年開催する。". */
  jaAction: RegExp;
  /** A Japanese view or wish near the end: "…を歓迎する。", "…を期待する。". */
  jaView: RegExp;
}

const compiledByVocab = new WeakMap<Vocabulary, Compiled>();

function compile(vocab: Vocabulary): Compiled {
  let compiled = compiledByVocab.get(vocab);
  if (compiled) return compiled;
  const { cues, japanese } = vocab;
  compiled = {
    // Example: "will", "aim to", "are determined to" as whole words.
    will: new RegExp(`\\b(?:${cues.willCues.map(escapeRegExp).join('|')})\\b`, 'gi'),
    actions: new Set(cues.actionVerbs.filter((v) => !cues.leadAdverbs.includes(v))),
    jaAction: new RegExp(cues.jaCommitment, 'u'),
    // Example: "歓迎する。" — a view verb among the last few characters of the sentence.
    jaView: new RegExp(`(?:${japanese.viewVerbs.map(escapeRegExp).join('|')})[^。]{0,8}[。．]?$`, 'u'),
  };
  compiledByVocab.set(vocab, compiled);
  return compiled;
}

/**
 * Whether one sentence reads like an action: imperative, modal + action verb; in Japanese a verb of action
 * at the end ("…を開催する。") or a predicate that commits ("協力していくことで一致した。").
 */
function actionLike(text: string, span: Span, japanese: boolean, c: Compiled, vocab: Vocabulary): boolean {
  const sentence = text.slice(span.start, span.end);
  if (japanese) {
    if (c.jaAction.test(sentence) && !c.jaView.test(sentence)) return true;
    return judgePredicate(tokensIn(text, span), vocab.japanese).verdict === 'commit';
  }
  if (startsWithAction(sentence, vocab.cues)) return true;
  // Tested, not executed: the first modal ends at lastIndex, and no match array is made.
  c.will.lastIndex = 0;
  return c.will.test(sentence) && hasActionWord(sentence.slice(c.will.lastIndex).toLowerCase(), c.actions);
}

/**
 * Counts the action-like sentences of body text, list items and table cells (labels, fields, titles and
 * signatures left out, and administrative provisions) and which of them overlap a commitment.
 */
export function measureCoverage(text: string, root: RootNode, vocab: Vocabulary, commitments: Commitment[], excluded: Span[], japanese: boolean): Coverage {
  const c = compile(vocab);
  const covered = mergedSpans(commitments.map((x) => x.span));
  const skipped = mergedSpans(excluded);
  const sections: CoverageSection[] = [];
  const bySection = new Map<string | null, CoverageSection>();
  // `unit`: the list item or table cell a sentence is in: an item is one unit, whose commitment may leave
  // out a shared predicate ("●ダウェー経済特区開発事業に / ついて着実に実施していく。").
  const visitSentence = (sentence: SentenceNode, section: string | null, unit: Span | null): void => {
    if (overlaps(skipped, sentence.span)) return;
    if (!actionLike(text, sentence.span, japanese, c, vocab)) return;
    let entry = bySection.get(section);
    if (!entry) {
      entry = { section, actionLike: 0, covered: 0, uncovered: [] };
      bySection.set(section, entry);
      sections.push(entry);
    }
    entry.actionLike++;
    if (overlaps(covered, sentence.span) || (unit !== null && overlaps(covered, unit))) entry.covered++;
    else entry.uncovered.push({ ...sentence.span });
  };
  // Dispatched on the node's type alone: the nodes come in many shapes, where asking each for its properties in turn
  // (`'children' in node`) cost more than the sentences' own tests.
  const visit = (node: SectionNode | BlockNode | ListItemNode | TableRowNode | TableCellNode, section: string | null, unit: Span | null): void => {
    switch (node.type) {
      case 'section':
        for (const child of node.children) visit(child, node.id, null);
        return;
      case 'paragraph':
        if (node.role === 'body') for (const sentence of node.children) visitSentence(sentence, section, unit);
        return;
      case 'listItem':
        // The item's own paragraph is its unit; a nested list has units of its own.
        for (const child of node.children) visit(child, section, child.type === 'paragraph' ? node.content : null);
        return;
      case 'tableCell':
        for (const sentence of node.children) visitSentence(sentence, section, node.span);
        return;
      default:
        for (const child of node.children) visit(child, section, unit);
    }
  };
  for (const child of root.children) visit(child, null, null);
  return {
    actionLike: sections.reduce((n, s) => n + s.actionLike, 0),
    covered: sections.reduce((n, s) => n + s.covered, 0),
    sections,
  };
}

/** The under-read warning, when the coverage says so: "12 action-like sentences, 0 commitments: check this document". */
export function underReadMessage(file: string, coverage: Coverage, commitments: number): Message | null {
  const uncovered = coverage.actionLike - coverage.covered;
  if (uncovered < UNDER_READ_MIN_UNCOVERED || uncovered < coverage.actionLike * UNDER_READ_MIN_SHARE) return null;
  const sentences = (n: number) => `${n} action-like sentence${n === 1 ? '' : 's'}`;
  const reason = commitments === 0
    ? `${sentences(coverage.actionLike)}, 0 commitments: check this document`
    : `${sentences(uncovered)} of ${coverage.actionLike} outside the ${commitments} commitment${commitments === 1 ? '' : 's'}: check this document`;
  return { file, rule: UNDER_READ_RULE, reason, place: null, fatal: false };
}

/** Sorted, non-overlapping spans covering the same text. */
function mergedSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Whether `span` overlaps one of the sorted, merged `spans` (binary search). */
function overlaps(spans: Span[], span: Span): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = spans[lo];
  return candidate !== undefined && candidate.start < span.end;
}
