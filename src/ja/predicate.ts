// Judgement of a Japanese sentence from its morphemes: what its clause-final predicate does (commits, states a
// view, reports, or ends on a noun), and how verifiable its action is (firm / intent / exploratory).
import type { Strength } from '../types.js';
import type { JapaneseCues } from '../vocab/index.js';
import type { JaToken } from './analyzer.js';

/**
 * - `commit`: the parties act ("協力を強化する", "協力していくことで一致した", "協力する意思を有する");
 * - `view`: a position ("…を歓迎した", "…を再確認する", "…に反対する");
 * - `none`: a report, description or wish ("会談を行った", "…モデルとなる", "…解決策である", "…したい");
 * - `noun`: no predicate, the sentence ends on a noun ("定期協議の開催", "…事業"): its context decides.
 */
export type Verdict = 'commit' | 'view' | 'none' | 'noun';

export interface PredicateJudgement {
  verdict: Verdict;
  /** The word that decided: the main verb (`実施`, `一致`, `果たす`) or the final noun. */
  head: string;
}

interface Compiled {
  state: Set<string>;
  views: Set<string>;
  agreement: Set<string>;
  reached: Set<string>;
  intentObjects: Set<string>;
  intentNouns: Set<string>;
  viewObjects: Set<string>;
  exploratory: Set<string>;
  firm: Set<string>;
  firmIfEvent: Set<string>;
  events: string[];
  projectHeads: Set<string>;
  cadence: string[];
  purpose: Set<string>;
}

const compiled = new WeakMap<JapaneseCues, Compiled>();

function compile(cues: JapaneseCues): Compiled {
  let c = compiled.get(cues);
  if (!c) {
    c = {
      state: new Set(cues.stateVerbs),
      views: new Set(cues.viewVerbs),
      agreement: new Set(cues.agreementVerbs),
      reached: new Set(cues.agreementReached),
      intentObjects: new Set(cues.intentObjects),
      intentNouns: new Set(cues.intentNouns),
      viewObjects: new Set(cues.viewObjects),
      exploratory: new Set(cues.exploratory),
      firm: new Set(cues.firmVerbs),
      firmIfEvent: new Set(cues.firmIfEvent),
      events: cues.events,
      projectHeads: new Set(cues.projectHeads),
      cadence: cues.cadence,
      purpose: new Set(cues.purposeMarkers),
    };
    compiled.set(cues, c);
  }
  return c;
}

// Verbs of agreement whose complement is the action agreed on: "…の設置を決定した", "…の開催で合意した".
const AGREED = new Set(['決定', '合意', '約束', '確約']);
// Auxiliaries that make the clause before a noun a description, not an act: "重要である", "可能だ", "ではない".
const COPULAR = new Set(['だ', 'です', 'ある', 'ない', 'ぬ', 'らしい', 'ようだ']);
// Half-width brackets are unknown words to IPADIC (tagged サ変 nouns): punctuation is read from the surface too.
const PUNCTUATION = /^[()（）「」『』【】［］[\],.、。，・?？!！:：;；]+$/u;
const isSymbol = (t: JaToken) => t.pos === '記号' || PUNCTUATION.test(t.surface);
const isSahen = (t: JaToken | undefined) => t?.pos === '名詞' && t.detail === 'サ変接続' && !PUNCTUATION.test(t.surface);
const isSuru = (t: JaToken | undefined) => t?.pos === '動詞' && t.base === 'する';
/** A noun that can head a phrase (not こと, もの, ため…). */
const isContentNoun = (t: JaToken | undefined) =>
  t?.pos === '名詞' && t.detail !== '非自立' && t.detail !== '接尾' && t.detail !== '数' && !PUNCTUATION.test(t.surface);

/** Tokens without a trailing parenthesis or bracket: "…計画(フェーズⅠ)" ends on 計画, "…協議(2+2)の" keeps its words. */
function withoutTrailing(tokens: JaToken[]): JaToken[] {
  let end = tokens.length;
  for (;;) {
    while (end > 0 && isSymbol(tokens[end - 1]!) && !/[)）」』]/.test(tokens[end - 1]!.surface)) end--;
    const last = tokens[end - 1];
    if (!last || !/[)）]/.test(last.surface)) break;
    // Drop a final parenthesis "(年2回)", "(フェーズⅠ)".
    let depth = 0;
    let i = end - 1;
    for (; i >= 0; i--) {
      if (/[)）]/.test(tokens[i]!.surface)) depth++;
      else if (/[(（]/.test(tokens[i]!.surface) && --depth === 0) break;
    }
    if (i <= 0) break;
    end = i;
  }
  while (end > 0 && (isSymbol(tokens[end - 1]!) && /[」』]/.test(tokens[end - 1]!.surface))) end--;
  return tokens.slice(0, end);
}

/**
 * The clause-final predicate of one sentence (or of a list item's last sentence).
 * Examples: "協力していくことで一致した。" → commit (一致); "…の重要性を強調した。" → view; "会談を行った。" → none;
 * "少なくとも年1回の首脳会談の開催。" → noun (開催); "協力する意思を有する。" → commit.
 */
export function judgePredicate(sentence: JaToken[], cues: JapaneseCues): PredicateJudgement {
  const c = compile(cues);
  const tokens = withoutTrailing(sentence);
  let i = tokens.length - 1;
  let past = false;
  let blocked = false; // copula, desire, obligation, negation, passive, progressive: no act of the parties
  let progressive = false;
  // Walk back over auxiliaries to the main word: "実施 し て いく", "一致 し た", "深化 さ せる", "署名 し まし た".
  for (; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.pos === '助動詞') {
      if (t.base === 'た') past = true;
      else if (t.base === 'たい' || t.base === 'べし' || t.base === 'ない' || t.base === 'ぬ' || t.base === 'だ' || t.base === 'です' || t.base === 'らしい' || t.base === 'ようだ') blocked = true;
      continue;
    }
    if (t.pos === '動詞' && t.detail === '接尾') {
      if (t.base === 'れる' || t.base === 'られる') blocked = true; // passive: "見直される"
      continue;
    }
    if (t.pos === '動詞' && t.detail === '非自立') {
      if (t.base === 'いる' || t.base === 'おる' || t.base === 'ある') progressive = true;
      continue;
    }
    if (t.pos === '助詞' && (t.detail === '接続助詞' || t.detail === '終助詞')) continue;
    // "●ダウェー経済特区開発事業に / ついて着実に実施していく。": an item ending on a case particle is a noun
    // phrase whose predicate follows the list.
    if (i === tokens.length - 1 && t.pos === '助詞' && t.detail === '格助詞' && i > 0) continue;
    break;
  }
  const main = tokens[i];
  if (!main) return { verdict: 'none', head: '' };
  if (main.pos === '名詞') {
    // "…強化していく考えである", "…開催する予定です": a stated intention after a verb.
    if (blocked && c.intentNouns.has(main.base) && (tokens[i - 1]?.pos === '動詞' || tokens[i - 1]?.pos === '助動詞')) return { verdict: 'commit', head: main.base };
    // "…である" / "…もの" / "…こと" end on a noun through a copula: a description, no item.
    if (blocked) return { verdict: 'none', head: main.base };
    // Outlines end on the verbal noun itself: "…ことにコミット。", "…ことで一致。", "…を再確認。" say what
    // "…にコミットした" would; a verbal noun taking its argument by a particle is read as that verb.
    const particle = tokens[i - 1]?.pos === '接頭詞' ? tokens[i - 2] : tokens[i - 1]; // "…を再確認。": 再 is a prefix
    // "…派遣する用意がある旨表明。": the noun 旨 (that) takes the stated clause as a particle would.
    if (isSahen(main) && ((particle?.pos === '助詞' && particle.detail === '格助詞') || particle?.base === '旨')) {
      const stated = statedPredicate(tokens, i, c);
      if (stated) return { verdict: stated, head: main.base };
    }
    return { verdict: 'noun', head: nounHead(tokens, i) };
  }
  if (main.pos !== '動詞') return { verdict: 'none', head: main.base }; // adjectives: "揺るぎない"
  // "実施 する": the サ変 noun before する names the action; "海 と する" keeps する.
  const verbAt = isSuru(main) && isSahen(tokens[i - 1]) ? i - 1 : i;
  const head = verbAt === i ? main.base : tokens[verbAt]!.base;
  // "…支援することを決意している": a standing resolve or agreement to act still commits, as "決意した" does; other
  // progressives describe ongoing work ("取り組んでいる").
  if (blocked || (progressive && !(c.agreement.has(head) && !past))) return { verdict: 'none', head };
  const stated = statedPredicate(tokens, verbAt, c);
  if (stated) return { verdict: stated, head };
  if (past) return { verdict: 'none', head };
  if (c.state.has(head)) return { verdict: 'none', head };
  return { verdict: 'commit', head };
}

/**
 * What a verb of agreeing, stating or having at `at` makes of the sentence, or null for an ordinary verb:
 * "…ことで一致した" → commit, "見解の一致を見た" → view; "…開催する意向を表明した", "…協力する意思を有する" →
 * commit (a will to act, stated or held), "…重要であるとの考えを表明した" → view; "…を歓迎した" → view.
 */
function statedPredicate(tokens: JaToken[], at: number, c: Compiled): Verdict | null {
  const head = tokens[at]!.base;
  const object = objectOf(tokens, at);
  if (c.agreement.has(head)) return agreesToAct(tokens, at, object) ? 'commit' : 'view';
  // "…深化させることにつき意見の一致を見た": reaching an agreement is agreeing; its complement stands before the
  // noun that qualifies it ("意見の", "見解の").
  if (c.reached.has(head) && object && c.agreement.has(object.base)) {
    let from = tokens.indexOf(object);
    if (tokens[from - 1]?.surface === 'の' && isContentNoun(tokens[from - 2])) from -= 2;
    if (!agreesToAct(tokens, from, null)) return 'view';
    // "…機会が作り出されていることにつき見解の一致を見た" agrees on a fact: the clause must be an act, not a state.
    let koto = from - 1;
    while (koto > 0 && tokens[koto]!.base !== 'こと') koto--;
    return actsNow(tokens[koto - 1]) ? 'commit' : 'view';
  }
  // "…祝うこととする旨確認した": what is confirmed or stated is a decision ("〜こととする" decides to act).
  if (c.views.has(head) && DECIDED.test(tokens.slice(Math.max(0, at - 6), at).map((t) => t.surface).join(''))) return 'commit';
  const statesOrHolds = c.views.has(head) || c.state.has(head);
  if (statesOrHolds && object && c.intentObjects.has(object.base) && actsBefore(tokens, tokens.indexOf(object))) return 'commit';
  // "…協力する用意がある", "…行っていく用意があることを確認する", "…派遣する用意がある旨表明": a will to act held
  // (が ある) and then stated or confirmed.
  if (c.state.has(head) && holdsIntent(tokens, at, c)) return 'commit';
  if (c.views.has(head)) {
    const held = heldClauseBefore(tokens, at);
    if (held >= 0 && holdsIntent(tokens, held, c)) return 'commit';
  }
  if (c.views.has(head) || (object && c.viewObjects.has(object.base))) return 'view';
  return null;
}

/** Whether the verb of having at `at` holds a will to act: "開催する用意が ある", "協力する意向が ある". */
function holdsIntent(tokens: JaToken[], at: number, c: Compiled): boolean {
  if (!HAVING.has(tokens[at]!.base)) return false;
  const particle = tokens[at - 1];
  const noun = tokens[at - 2];
  if (particle?.pos !== '助詞' || (particle.surface !== 'が' && particle.surface !== 'を') || !noun || !c.intentObjects.has(noun.base)) return false;
  return actsBefore(tokens, at - 2);
}

/** The verb ending the clause a verb of stating at `at` takes ("…ある ことを 確認", "…ある 旨 表明"), or -1. */
function heldClauseBefore(tokens: JaToken[], at: number): number {
  let j = at - 1;
  if (tokens[j]?.pos === '助詞' && tokens[j]!.surface === 'を') j--;
  if (tokens[j]?.base !== 'こと' && tokens[j]?.base !== '旨') return -1;
  j--;
  while (j >= 0 && tokens[j]!.pos === '助詞' && /^(?:と|との)$/u.test(tokens[j]!.surface)) j--;
  return tokens[j]?.pos === '動詞' ? j : -1;
}

const HAVING = new Set(['ある', '有する']);

/** Whether the clause before the noun at `at` acts: "開催する(との)意向", "行うとの考え"; not "重要であるとの考え". */
function actsBefore(tokens: JaToken[], at: number): boolean {
  let j = at - 1;
  // "…とのN", "…というN": the quoting particles and いう between the clause and the noun.
  while (j >= 0 && ((tokens[j]!.pos === '助詞' && /^(?:と|の|との)$/u.test(tokens[j]!.surface)) || tokens[j]!.base === 'いう')) j--;
  const before = tokens[j];
  if (!before) return false;
  if (before.pos === '動詞') return true;
  return before.pos === '助動詞' && !COPULAR.has(before.base);
}

/** Whether a clause ending on `last` is an act: a verb ("深化させる", "行う"), not a state or a passive ("…されている"). */
function actsNow(last: JaToken | undefined): boolean {
  if (!last) return false;
  if (last.pos === '助動詞') return !COPULAR.has(last.base) && last.base !== 'た';
  if (last.pos !== '動詞' || last.detail === '非自立') return false;
  return !(last.detail === '接尾' && (last.base === 'れる' || last.base === 'られる'));
}

/** The head of a noun ending: "首脳会談の開催" → 開催, "…整備計画(フェーズⅠ)" → 計画. */
function nounHead(tokens: JaToken[], i: number): string {
  let depth = 0;
  for (let j = i; j >= 0; j--) {
    const t = tokens[j]!;
    // "…準備調査(PPPインフラ事業)に": a parenthesis annotates the head before it.
    if (/^[)）]$/u.test(t.surface)) depth++;
    else if (/^[(（]$/u.test(t.surface)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isContentNoun(t)) return t.base;
  }
  return tokens[i]!.base;
}

/** The noun marked as object (を), topic (は) or joined to the verb ("協議実施") nearest before the verb at `at`. */
function objectOf(tokens: JaToken[], at: number): JaToken | null {
  if (isContentNoun(tokens[at - 1]) && tokens[at - 1]!.pos === '名詞') return tokens[at - 1]!;
  for (let j = at - 1; j > 0; j--) {
    const t = tokens[j]!;
    if (t.surface === '、' || t.surface === ',' || t.surface === '，') return null;
    if (t.pos === '助詞' && (t.surface === 'を' || t.surface === 'は')) {
      for (let k = j - 1; k >= 0; k--) {
        const n = tokens[k]!;
        if (n.pos === '記号' && /[」』)）]/.test(n.surface)) continue;
        return n.pos === '名詞' ? n : null;
      }
      return null;
    }
  }
  return null;
}

// A complement that is a decision to act: "…こととする旨", "…こととした旨を".
const DECIDED = /ことと(?:する|し)た?旨を?$/u;

/** "〜ことで一致した", "〜ことを決定した", "協力の強化を決定する", "次のように決定した": agreement to an action. */
function agreesToAct(tokens: JaToken[], at: number, object: JaToken | null): boolean {
  const before = tokens.slice(Math.max(0, at - 3), at).map((t) => t.surface).join('');
  // "…強化していく必要があるとの認識で一致した": agreeing on a view, whatever action the view is about.
  if (/(?:認識|見解)[でに]$/u.test(before)) return false;
  if (/こと[でをにと]$|ことについて$|ことにつき$|ように$|とおり$/.test(before)) return true;
  if (object && isSahen(object) && object.base !== '認識' && object.base !== '見解') return true;
  // "定期協議の開催で合意した", "共同研究の実施に合意": the action agreed on, marked by で or に.
  const particle = tokens[at - 1];
  if (particle?.pos === '助詞' && (particle.surface === 'で' || particle.surface === 'に') && isSahen(tokens[at - 2]) && tokens[at - 2]!.base !== '認識') return true;
  // "…ことにコミットする"
  return /こと(?:に|へ)?$/.test(before);
}

/**
 * Strength of a unit from all its clauses (purpose clauses "…するため" left out): firm when an action is verifiable
 * (a firm verb, a firm-if-event verb on an event, a project, a cadence or deadline), exploratory when an action is
 * hedged (検討, 模索, 可能性を探る), intent otherwise.
 * Examples: "事業を着実に実施する" → firm (実施 事業); "防衛協力を実施し、拡大する" → intent;
 * "延期することを積極的に検討する" → exploratory; "原則年に1回…開催" → firm.
 */
export function judgeStrength(tokens: JaToken[], cues: JapaneseCues, nounHeadWord: string | null = null): { strength: Strength; cue: string | null } {
  const c = compile(cues);
  const acting = withoutPurpose(tokens, c);
  const text = acting.map((t) => t.surface).join('');
  let hedge: string | null = null;
  for (let i = 0; i < acting.length; i++) {
    const t = acting[i]!;
    const verb = isVerbUse(acting, i);
    if (!verb) continue;
    if (c.firm.has(t.base)) return { strength: 'firm', cue: t.base };
    if (c.firmIfEvent.has(t.base)) {
      const object = objectOf(acting, i);
      if (object && c.events.some((e) => object.base.endsWith(e) || e.endsWith(object.base))) return { strength: 'firm', cue: `${object.base}…${t.base}` };
    }
    if (c.exploratory.has(t.base)) hedge ??= t.base;
  }
  if (nounHeadWord && c.projectHeads.has(nounHeadWord)) return { strength: 'firm', cue: nounHeadWord };
  const cadence = c.cadence.find((w) => text.includes(w));
  if (cadence) return { strength: 'firm', cue: cadence };
  if (hedge) return { strength: 'exploratory', cue: hedge };
  if (/可能性を(?:探|追求)/.test(text)) return { strength: 'exploratory', cue: '可能性を探る' };
  return { strength: 'intent', cue: null };
}

/**
 * Whether the token at `i` is used as a verb: a verb, a サ変 noun followed by する or ending a clause or the unit
 * ("開催。", "協議実施", "開催(年2回)の他"), not one used as a noun ("相互訪問を強化", "対話の頻度").
 */
function isVerbUse(tokens: JaToken[], i: number): boolean {
  const t = tokens[i]!;
  if (t.pos === '動詞' && t.detail === '自立' && t.base !== 'する') return true;
  if (!isSahen(t)) return false;
  const next = tokens[i + 1];
  if (!next || isSuru(next)) return true;
  // "合同委員会の設置を決定した", "次官級協議の開催で合意した": the action agreed on.
  if (/^[をでに]$/u.test(next.surface) && isSahen(tokens[i + 2]) && AGREED.has(tokens[i + 2]!.base)) return true;
  if (next.pos === '記号') return /[、。，,(（]/.test(next.surface);
  return next.pos === '助詞' && next.surface === 'の' && tokens[i + 2]?.surface === '他';
}

/**
 * The tokens that act: what a purpose marker governs is left out. Its scope runs back to the topic (…は) or,
 * when the purpose clause has its own subject (…が), to the comma before it:
 * "対話を実施し,協力を発展させるため,…を支援する" → "…を支援する";
 * "…を構築し、…この分野での協力が早期に成果を収めるよう推進する" keeps "…を構築し、" and "推進する".
 */
function withoutPurpose(tokens: JaToken[], c: Compiled): JaToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const t = out[i]!;
    const marker = (t.pos === '名詞' && t.detail === '非自立' && c.purpose.has(t.base)) || (t.pos === '助動詞' && t.base === 'べし' && t.surface === 'べく');
    if (!marker || i === out.length - 1) continue;
    // "ため" must follow a verb or の: "発展させるため", "実現のため".
    const before = out[i - 1];
    if (!before || !(before.pos === '動詞' || before.pos === '助動詞' || before.surface === 'の')) continue;
    let from = 0;
    let subject = -1;
    if (before.surface === 'の') {
      // "両国関係緊密化のため": a noun phrase, back to the particle or comma before it.
      for (let j = i - 2; j >= 0; j--) {
        const s = out[j]!;
        if ((s.pos === '助詞' && s.surface !== 'の') || /[、,，]/.test(s.surface) || s.pos === '動詞') {
          from = j + 1;
          break;
        }
      }
      out.splice(from, i + 1 - from);
      i = from;
      continue;
    }
    for (let j = i - 1; j >= 0; j--) {
      const s = out[j]!;
      if (s.pos === '助詞' && s.surface === 'は') {
        from = j + 1;
        break;
      }
      if (s.pos === '助詞' && s.surface === 'が' && subject < 0) subject = j;
    }
    if (subject >= 0) {
      for (let j = subject; j >= from; j--) {
        if (/[、,，]/.test(out[j]!.surface)) {
          from = j + 1;
          break;
        }
      }
    }
    out.splice(from, i + 1 - from);
    i = from;
  }
  return out;
}
