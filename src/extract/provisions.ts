// Administrative clauses about the document itself: non-binding nature, dispute settlement, review,
// duration, amendment, language. A clause is a sentence that refers to the document ("This Action
// Plan …") or a signing line, classified by cue words; adjacent sentences of one kind form one clause.
import type { Provision, ProvisionKind, RootNode, Span } from '../types.js';
import { clauseEnd, clauseStart } from './scan.js';

/** "This Action Plan", "this Joint Strategic Work Program", "the present Memorandum", "This roadmap", "本行動計画". */
export const SELF_REFERENCE = /\b(?:[Tt]his|[Tt]he\s+present)\s+(?:[A-Z][A-Za-z-]*\s+){0,5}(?:[Pp]lan|Program(?:me)?|[Rr]oadmap|Road\s+Map|Statement|Declaration|Document|Memorandum|[Ff]ramework|Agenda|Arrangement)\b|\b[Tt]he\s+(?:Action\s+Plan|Roadmap|Road\s+Map|Work\s+Plan|Work\s+Program(?:me)?)\b(?!\s+(?:of|for|on(?!\s+an?\s)|between|adopted|signed|agreed)\b)|本(?:行動計画|作業計画|文書|覚書)/;

/** Cue patterns per kind, checked in this order; each with an example it matches. */
export const PROVISION_CUES: [ProvisionKind, RegExp][] = [
  // "does not constitute an international agreement", "legally binding rights or obligations",
  // "is not intended to give rise to rights or obligations"
  ['non_binding', /\bnot\s+(?:constitute|create|intended\s+to\s+create)\b|\bnot\s+(?:intended\s+to\s+)?give\s+rise\s+to\b|\blegally\s+binding\b|\bnon-binding\b|法的拘束力/i],
  // "Any differences arising from the interpretation … will be resolved amicably through consultations"
  ['dispute_settlement', /\b(?:differences|disputes?)\b[^.]{0,80}\b(?:resolved|settled)\b|\bresolved\s+amicably\b/i],
  // "This Action Plan may be modified at any time with the mutual written consent"
  ['amendment', /\b(?:modified|amended|revised|amendments?|modifications?)\b[^.]{0,80}\b(?:consent|agreement|decision|mutual(?:ly)?)\b/i],
  // "Implementation progress of this Action Plan will annually be assessed", "will be reviewed"
  // "… Dialogue will review the implementation of the Action Plan", "to monitor the implementation of the Roadmap"
  ['review', /\b(?:assessed|reviewed|evaluated|monitored|review(?:ed)?\s+(?:of|the)|monitor\s+the\s+(?:implementation|progress)|assessment|evaluation)\b/i],
  // "will commence on 1 March 2025, and end on …", "covers … from 2023 to 2028", "valid for five years"
  // "will continue as long as both Participants…", "may discontinue its participation in this Framework"
  // "The Roadmap will guide cooperation for the next ten years"
  ['duration', /\b(?:for\s+the\s+(?:next|coming)\s+(?:\w+\s+){0,2}years\b|continue\s+as\s+long\s+as|discontinu(?:e|ed|es)\b|commence|come\s+into\s+(?:effect|force)|take\s+effect|enter\s+into\s+(?:effect|force)|remain\s+(?:in\s+effect|valid)|valid\s+(?:for|until)|expire|terminate|end\s+on|covers?\b[^.]{0,120}\b(?:years?|(?:19|20)\d\d))/i],
  // "SIGNED in duplicate in Tokyo, on 28 February 2025, in the English language"
  ['language', /\bin\s+the\s+\p{Lu}\p{L}+(?:\s+and\s+\p{Lu}\p{L}+)*\s+languages?\b|\bequally\s+authentic\b|\bin\s+duplicate\b/iu],
];

/**
 * Finds the administrative clauses. Example: "5.4. This Action Plan will commence on 1 March 2025,
 * and end on 31 December 2029." → {kind: "duration", text: "This Action Plan will commence …"}.
 */
export function findProvisions(text: string, _tree: RootNode): Provision[] {
  const found: { kind: ProvisionKind; span: Span }[] = [];
  // Only sentences that name the document or a signing can be provisions: find those first.
  let lastEnd = -1;
  let from = 0;
  for (const at of anchorStarts(text)) {
    if (at < from) continue;
    ANCHOR.lastIndex = at;
    const m = ANCHOR.exec(text);
    if (!m) continue;
    from = m.index + m[0].length;
    if (m.index < lastEnd) continue;
    let start = clauseStart(text, m.index, 600);
    const end = clauseEnd(text, m.index + m[0].length, 600);
    lastEnd = end;
    from = Math.max(from, end);
    // "5.4. This Action Plan …": the numbering is not part of the clause.
    start += /^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|\(?[a-z0-9]{1,2}\))?\s*/.exec(text.slice(start, start + 12))![0].length;
    const kind = classify(text.slice(start, end));
    if (!kind) continue;
    const previous = found[found.length - 1];
    // "This Action Plan does not constitute … . Nothing in this Action Plan is … legally binding …" is one clause.
    if (previous && previous.kind === kind && /^\s*$/.test(text.slice(previous.span.end, start))) previous.span.end = end;
    else found.push({ kind, span: { start, end } });
  }
  return found.map((p, i) => ({
    id: `prov${i + 1}`,
    kind: p.kind,
    text: text.slice(p.span.start, p.span.end).replace(/\s+/g, ' ').trim(),
    span: p.span,
  }));
}

/** Where a provision can be (sticky: tried at anchorStarts): a reference to the document itself, or a signing line ("SIGNED in duplicate …"). */
const ANCHOR = new RegExp(String.raw`${SELF_REFERENCE.source}|\b(?:SIGNED|Signed|DONE|Done)\b`, 'y');

/** The words that open a signing line, each searched for on its own by signingWordsIn. */
const SIGNING_WORDS = ['SIGNED', 'Signed', 'DONE', 'Done'];

/** Where the words of a signing line ("SIGNED in duplicate", "Done at Rome") are in `text`: four literal searches, faster than one pattern. */
export function signingWordsIn(text: string): number[] {
  const found: number[] = [];
  for (const word of SIGNING_WORDS) for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) found.push(at);
  return found;
}

/**
 * Where a text may name itself ("This Action Plan", "the present Memorandum"): "this" or "the present" in any case, the
 * "s" of "this" also "ſ" (as under the `iu` flags of the duration clause). A pattern opening with one letter, fast to
 * search for.
 */
const SELF_NAMING = /[Tt][Hh](?:[Ii][Ssſ]|[Ee]\s+[Pp][Rr][Ee][Ss][Ee][Nn][Tt])/g;

/** "the Action Plan", "The Roadmap": where the document may name itself by its kind alone. */
const THE_OWN_KIND = /\b[Tt]he\s+(?:Action\s+Plan|Road\s?map|Road\s+Map|Work\s+Plan|Work\s+Program)/g;

let lastSelfNaming: { text: string; starts: number[] } | null = null;

/**
 * Where SELF_NAMING matches in `text`, in reading order: where a reference to the document itself (SELF_REFERENCE)
 * or the metadata's duration clause can start. Both ask about the same text (unless furniture was blanked in the
 * metadata's): searched once, kept for the last text asked about. The list is shared: never changed by a caller.
 */
export function selfNamingStarts(text: string): readonly number[] {
  if (lastSelfNaming?.text !== text) {
    const starts: number[] = [];
    SELF_NAMING.lastIndex = 0;
    for (let m = SELF_NAMING.exec(text); m; m = SELF_NAMING.exec(text)) starts.push(m.index);
    lastSelfNaming = { text, starts };
  }
  return lastSelfNaming.starts;
}

/**
 * Where an ANCHOR can start, in reading order: the openings of its forms, each searched for apart. One pattern of
 * all of them (ANCHOR searched for) cost twice as much: V8 searches fast only for a pattern whose first character is
 * one of a few.
 */
function anchorStarts(text: string): Int32Array {
  const starts = signingWordsIn(text);
  for (let at = text.indexOf('本'); at >= 0; at = text.indexOf('本', at + 1)) starts.push(at);
  starts.push(...selfNamingStarts(text));
  // "The Roadmap will guide …", "… will review the implementation of the Action Plan": the document by its kind.
  THE_OWN_KIND.lastIndex = 0;
  for (let m = THE_OWN_KIND.exec(text); m; m = THE_OWN_KIND.exec(text)) starts.push(m.index);
  // Sorted as numbers natively: a comparator called for every pair cost as much as the searches.
  return Int32Array.from(starts).sort();
}

/** The provision kind of one sentence, or null when it is not about the document itself. */
export function classify(sentence: string): ProvisionKind | null {
  const self = SELF_REFERENCE.test(sentence);
  for (const [kind, cue] of PROVISION_CUES) {
    if (!cue.test(sentence)) continue;
    // A signing line states the language without naming the document.
    if (self || (kind === 'language' && /\b(?:signed|done)\b/i.test(sentence))) return kind;
    if (kind === 'non_binding' && /\bNothing\s+in\s+th/i.test(sentence)) return kind;
  }
  return null;
}
