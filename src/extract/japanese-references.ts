// What a Japanese document refers to: instruments (names ending in a kind word: パリ協定, 「新東京戦略2015」,
// 日伊アクションプラン(2024-2027)), mechanisms (names ending in a meeting head: 日仏外相会談, 両国外務省間戦略対話,
// with the cadence of their sentence) and administrative provisions (sentences about the document itself).
import type { Cadence, Instrument, InstrumentKind, IsoDate, Mechanism, Provision, ProvisionKind, RootNode, Span } from '../types.js';
import type { JapaneseCues, Vocabulary } from '../vocab/index.js';
import { japaneseTextRegions } from '../tree/japanese.js';
import { findDates } from '../dates.js';
import { foldSpace } from './commitments.js';
import { escapeRegExp, toHalfWidth } from '../text.js';

// Characters of a name: Han, katakana, Latin letters and digits, the middle dot (or the "?" an encoding made of it), "+".
// A space between two such characters is a transcript's line wrap inside the name ("外相間戦 略対話").
const NAME = String.raw`(?:[\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9０-９・?＋+]|(?<=[\p{Script=Han}\p{Script=Katakana}])[ \u3000](?=[\p{Script=Han}\p{Script=Katakana}]))`;
// Joins inside a name: "日ASEAN友好協力に関する共同ビジョン・ステートメント", "日米防衛協力のための指針".
const JOIN = String.raw`(?:に関する|のための|における|に係る|に関わる)`;
// Openings that are no part of a name: "第7回日本・メコン地域諸国首脳会議", "今次日独外相定期協議", "年1回会合".
const OPENING = /^(?:[?・]+|第[0-9０-９一二三四五六七八九十]+回|今次|次回|前回|今回|(?:毎年|年[0-9０-９]+回|[0-9０-９]+年))+/u;
// What names nothing before a head: "他の国際会議", "同協定", "各レベルの対話", "ハイレベルの対話", "(以下の)項目に係る協力覚書",
// "年次フォーラム" (a cadence says how often, not which), "既存の協議" (existing ones), "様々なレベルにおける協議" (a level, not
// a body).
const GENERIC = /^(?:他|その他|各|同|本|当|この|上記|下記|以下)|^(?:両|新|次|前|既存|レベル|ハイレベル|高級|次官級|局長級|閣僚級|実務者|首脳レベル|項目|事項|分野|点|年次|定例)$/u;
// A kind of talks, not a body, even said of the pair: "政治対話", "両国間の政治対話", "対話及び政策協議" (not "外務省間政務協議").
const GENERIC_TOPIC = /^(?:(?:両[国國]|二[国國])間?の)?(?:政治|政策|政務)$/u;
// Talks of several countries are multilateral, not a bilateral mechanism: "6カ國協議", and a region's forum named
// after its region ("アジア太平洋経済協力フォーラム", "アジア欧州会議", "東アジア首脳会議").
// An anniversary's meeting is one event: "…20周年記念首脳会合".
const NOT_BILATERAL = /^(?:[0-9０-９一二三四五六七八九十]+(?:カ|か|ヶ|ケ)[国國]|東?アジア)|周年|記念/u;
// A name ends where its word ends, or before an action, an article or a conjunction: "…レベルの協議実施",
// "…条約第5条", "…協定(EPA)及び…", "定期外相会談等"; an outline runs a name into what is done with it:
// "…に関する共同声明発出", "…に係る二国間協定交渉".
const NAME_END = String.raw`(?![\p{Script=Han}\p{Script=Katakana}ーA-Za-z0-9０-９・＋+]|\?[\p{Script=Han}])|(?=実施|開催|設置|設立|創設|開始|強化|活用|署名|締結|発出|交渉|発効|改定|改訂|第[0-9０-９]|及び|並びに|等)`;


interface Compiled {
  instrument: RegExp;
  quoted: RegExp;
  kindOf: Map<string, InstrumentKind>;
  mechanism: RegExp;
  mechanismOf: RegExp;
  provisions: [ProvisionKind, RegExp][];
  self: RegExp;
}

const compiledByCues = new WeakMap<JapaneseCues, Compiled>();

function compile(cues: JapaneseCues): Compiled {
  let c = compiledByCues.get(cues);
  if (c) return c;
  const kinds = cues.instrumentKinds.map(([w]) => w).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const heads = [...cues.mechanismHeads].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const tail = String.raw`(?:[0-9０-９]{2,4})?(?:[(（][^()（）「」。]{1,16}[)）])?`;
  c = {
    // "日EU経済連携協定(EPA)", "東京声明", "ASEAN共同体ビジョン2025"
    instrument: new RegExp(String.raw`(?:${NAME}+${JOIN})*${NAME}*(?:${kinds})${tail}(?:${NAME_END})`, 'gu'),
    // 「新東京戦略2015」, 「農業、…に係る協力覚書」
    quoted: new RegExp(String.raw`「([^「」]{2,80}?(?:${kinds})${tail})」`, 'gu'),
    kindOf: new Map(cues.instrumentKinds.map(([w, k]) => [w, k as InstrumentKind])),
    // "両國の気候変動に関する政策協議メカニズム", "両国間の外相会談", "ポリティコ・ミリタリー分野における協議(2+2)"
    mechanism: new RegExp(String.raw`(?:${NAME}+(?:${JOIN}|の))*${NAME}*(?:${heads})${tail}(?:${NAME_END})`, 'gu'),
    mechanismOf: new RegExp(String.raw`(?:${heads})${tail}$`, 'u'),
    provisions: Object.entries(cues.provisionCues).map(([k, p]) => [k as ProvisionKind, new RegExp(p, 'u')]),
    self: new RegExp(cues.provisionSelf, 'u'),
  };
  compiledByCues.set(cues, c);
  return c;
}

/** The sentence around `span`: from the 。 before it to the 。 after it (not one inside brackets), within its region. */
function sentenceAround(text: string, span: Span, region: Span): Span {
  const ends = (i: number) => !/[)）」』]/u.test(text[i + 1] ?? '');
  let before = text.lastIndexOf('。', span.start - 1);
  while (before >= region.start && !ends(before)) before = text.lastIndexOf('。', before - 1);
  let after = text.indexOf('。', span.end);
  while (after >= 0 && after < region.end && !ends(after)) after = text.indexOf('。', after + 1);
  return { start: Math.max(region.start, before + 1), end: Math.min(region.end, after < 0 ? region.end : after + 1) };
}

/** A name with its openings removed, or null when nothing but a generic word stands before its head. */
function cleanName(raw: string, head: RegExp, quoted = false): { name: string; offset: number } | null {
  // A quoted title is kept whole: 「2025年から2029年までの…行動計画」.
  const opening = quoted ? 0 : OPENING.exec(raw)?.[0].length ?? 0;
  const name = raw.slice(opening);
  const m = head.exec(name);
  if (!m) return null;
  const before = name.slice(0, m.index).replace(/の$/u, '');
  const first = before.split(/の|に関する|のための|における|に係る|に関わる/u)[0]!;
  if (before.length < 2 || GENERIC.test(first) || GENERIC_TOPIC.test(before.replace(/[ \u3000]/gu, '')) || NOT_BILATERAL.test(name)) return null;
  return { name, offset: opening };
}

/** Dates of a sentence outside the name, read with the Bluebook's two-digit years ("96年", "15年") and bare days. */
function dateNear(original: string, sentence: Span, name: Span, year: string | null): IsoDate | null {
  const text = toHalfWidth(original);
  const outside = (s: Span) => s.end <= name.start || s.start >= name.end;
  // A bare number is no year ("ASEAN共同体ビジョン2045"): a year needs its 年.
  const full = findDates(text, sentence.start, sentence.end).filter((d) => outside(d.span) && (d.precision !== 'year' || text.slice(d.span.start, d.span.end).includes('年')));
  const closest = (spans: { at: number; date: IsoDate }[]) => spans.sort((a, b) => Math.abs(a.at - name.start) - Math.abs(b.at - name.start))[0]?.date ?? null;
  const found = full.map((d) => ({ at: d.span.start, date: d.date }));
  const slice = text.slice(sentence.start, sentence.end);
  // "96年に外相レベルで作成された", "15年の「…指針」": a year of two digits.
  for (const m of slice.matchAll(/(?<![0-9０-９])([0-9]{2})年(?:([0-9]{1,2})月(?:([0-9]{1,2})日)?)?/gu)) {
    const at = sentence.start + m.index;
    if (!outside({ start: at, end: at + m[0].length }) || full.some((d) => d.span.start <= at && at < d.span.end)) continue;
    const y = Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000);
    found.push({ at, date: `${y}${m[2] ? `-${m[2].padStart(2, '0')}` : ''}${m[3] ? `-${m[3].padStart(2, '0')}` : ''}` });
  }
  // "…協定(SPA)が7月17日に署名された": the day in the year of the document.
  if (year) {
    for (const m of slice.matchAll(/(?<![年0-9０-９])([0-9]{1,2})月([0-9]{1,2})日/gu)) {
      const at = sentence.start + m.index;
      if (!outside({ start: at, end: at + m[0].length }) || full.some((d) => d.span.start <= at && at < d.span.end)) continue;
      found.push({ at, date: `${year}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` });
    }
  }
  return closest(found);
}

/** The year the document is dated: its first full date. */
function documentYear(text: string): string | null {
  const first = findDates(toHalfWidth(text), 0, Math.min(text.length, 3000), false)[0];
  return first ? first.date.slice(0, 4) : null;
}

/** Instruments a Japanese document refers to; its own title and bare kind words are not instruments. */
export function findJapaneseInstruments(text: string, root: RootNode, vocab: Vocabulary, own: { title: string | null; titleSpan: Span | null; kind: string }): Instrument[] {
  const c = compile(vocab.japanese);
  const year = documentYear(text);
  const kindHead = new RegExp(`(?:${[...c.kindOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?:[0-9０-９]{2,4})?(?:[(（][^()（）]{1,16}[)）])?$`, 'u');
  const found: { title: string; kind: InstrumentKind; span: Span; date: IsoDate | null }[] = [];
  const consider = (raw: string, start: number, region: Span, quoted = false) => {
    const clean = cleanName(raw, kindHead, quoted);
    if (!clean) return;
    const title = foldSpace(clean.name);
    const head = kindHead.exec(title)![0];
    const word = [...c.kindOf.keys()].sort((a, b) => b.length - a.length).find((w) => head.startsWith(w))!;
    const kind = c.kindOf.get(word)!;
    if (own.title && own.title.includes(title.replace(/[(（].*$/u, '')) && (kind === own.kind || title === own.title)) return;
    const span = { start: start + clean.offset, end: start + raw.length };
    found.push({ title, kind, span, date: dateNear(text, sentenceAround(text, span, region), span, year) });
  };
  // The title names the document itself, never an instrument it refers to.
  for (const region of japaneseTextRegions(root).filter((r) => !own.titleSpan || r.start !== own.titleSpan.start || r.end !== own.titleSpan.end)) {
    const slice = text.slice(region.start, region.end);
    const quotedSpans: Span[] = [];
    c.quoted.lastIndex = 0;
    for (let m = c.quoted.exec(slice); m; m = c.quoted.exec(slice)) {
      const start = region.start + m.index + 1;
      quotedSpans.push({ start, end: start + m[1]!.length });
      consider(m[1]!, start, region, true);
    }
    c.instrument.lastIndex = 0;
    for (let m = c.instrument.exec(slice); m; m = c.instrument.exec(slice)) {
      const start = region.start + m.index;
      if (quotedSpans.some((q) => q.start <= start && start < q.end)) continue;
      consider(m[0], start, region);
    }
  }
  // One entry per instrument: a name contained in a longer one is the same ("共同ビジョン・ステートメント").
  const out: typeof found = [];
  for (const f of found.sort((a, b) => b.title.length - a.title.length)) {
    const same = out.find((o) => o.title.includes(f.title.replace(/[(（].*$/u, '')));
    if (same) same.date ??= f.date;
    else out.push(f);
  }
  return out.sort((a, b) => a.span.start - b.span.start).map((f, i) => ({ id: `ins${i + 1}`, kind: f.kind, title: f.title, date: f.date, span: f.span }));
}

/** Standing meetings and dialogues of a Japanese document, with the cadence their sentences give. */
export function findJapaneseMechanisms(text: string, root: RootNode, vocab: Vocabulary): Mechanism[] {
  const c = compile(vocab.japanese);
  const found: { name: string; span: Span; cadence: Cadence }[] = [];
  for (const region of japaneseTextRegions(root, true)) {
    const slice = text.slice(region.start, region.end);
    c.mechanism.lastIndex = 0;
    for (let m = c.mechanism.exec(slice); m; m = c.mechanism.exec(slice)) {
      // "外務省間政務協議等の種々のレベルの対話・協議": the name stops at 等 (and the like); what follows is generic.
      const raw = m[0].split(/等の/u)[0]!;
      const clean = cleanName(raw, c.mechanismOf);
      if (!clean) continue;
      const span = { start: region.start + m.index + clean.offset, end: region.start + m.index + raw.length };
      const sentence = sentenceAround(text, span, region);
      const name = foldSpace(clean.name);
      found.push({ name, span, cadence: cadenceOf(vocab.japanese, name, text.slice(span.start, sentence.end), modifierOf(text, span, sentence)) });
    }
  }
  const out: typeof found = [];
  const rank: Record<Cadence, number> = { annual: 3, biennial: 3, once: 2, regular: 1, unspecified: 0 };
  for (const f of found) {
    const same = out.find((o) => o.name.includes(f.name) || f.name.includes(o.name));
    if (!same) {
      out.push({ ...f });
      continue;
    }
    if (rank[f.cadence] > rank[same.cadence]) same.cadence = f.cadence;
  }
  return out.map((f, i) => ({ id: `mech${i + 1}`, name: f.name, cadence: f.cadence, span: f.span }));
}

/**
 * The clause right before a name, back to a comma or the sentence start: what modifies it ("毎年開催される外相協議",
 * "重要な年次フォーラムである日英21世紀委員会").
 */
function modifierOf(text: string, name: Span, sentence: Span): string {
  let start = name.start;
  while (start > sentence.start && !/[、,，。「」]/u.test(text[start - 1]!)) start--;
  return text.slice(start, name.start);
}

/** Annual or biennial from the sentence after the name or the clause before it, else regular from the name or those. */
function cadenceOf(cues: JapaneseCues, name: string, after: string, before: string): Cadence {
  const said = (w: string) => after.includes(w) || before.includes(w);
  for (const cadence of ['annual', 'biennial'] as const) if (cues.cadenceWords[cadence].some(said)) return cadence;
  return cues.cadenceWords.regular.some((w) => name.includes(w) || said(w)) ? 'regular' : 'unspecified';
}

/** Administrative clauses: sentences about the document itself ("これらの行動及び措置は…定期的に見直される。"). */
export function findJapaneseProvisions(text: string, root: RootNode, vocab: Vocabulary): Provision[] {
  const c = compile(vocab.japanese);
  const out: Provision[] = [];
  for (const region of japaneseTextRegions(root)) {
    const slice = text.slice(region.start, region.end);
    let from = 0;
    for (const m of slice.matchAll(/[^。]*。/gu)) {
      const sentence = m[0];
      const start = region.start + m.index + (sentence.length - sentence.trimStart().length);
      from = m.index + sentence.length;
      if (!c.self.test(sentence)) continue;
      const kind = c.provisions.find(([, cue]) => cue.test(sentence))?.[0];
      if (!kind) continue;
      out.push({ id: `prov${out.length + 1}`, kind, text: foldSpace(sentence), span: { start, end: region.start + from } });
    }
  }
  return out;
}
