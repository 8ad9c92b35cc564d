// The tree builder for Japanese documents: headings (第1章, Ⅰ., 1., 1.1, （1）, (一), アクション1:, 【…】, ▽…),
// list items with or without a space after the marker ((1)両国…, ①, ・, ●, −, 一、, 1、), numbered paragraphs,
// area labels (・気候変動 followed by its paragraph), page furniture and database header fields.
// Same node types as the English builder (src/types.ts); it never throws on a document.
import type { ListItemNode, ListNode, MarkerKind, ParagraphNode, RootNode, SectionNode, SentenceNode, Span } from '../types.js';
import type { JapaneseCues } from '../vocab/index.js';
import { assignIds } from './ids.js';

// A line that starts on a particle ("…大統領の国賓訪日" / "に際しての日・ルリタニア共同声明") goes on from the line before.
const WRAPPED_ON = /^(?:に|の|を|へ|と(?:の|して))/u;
// A line ending on a phrase that modifies the noun on the next line: "…パートナーシップに関する" / "日本国と…の共同声明".
const ATTRIBUTIVE_END = /(?:に関する|における|に対する|に係る|に向けた|に基づく|をめぐる|に際しての)$/u;
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆「『`;

// Heading numbers. Each is an example of what it matches.
const CHAPTER = /^(第[0-9０-９一二三四五六七八九十百]+[章節部編款])[ \t\u3000]*/u; // 第1章 総則
const ROMAN = /^([IVX]{1,4}|[Ⅰ-Ⅻ])(?:[ \t\u3000]*[.．\-－][ \t\u3000]*|[ \t\u3000]+)(?=\S)/u; // Ⅰ.人と人, I- インド太平洋, I 政治
// 1. 概要, 1.第1の柱, 1.1 産業基盤, 1 政治関係 (never 2016年 or 24.07.2018)
const DECIMAL = /^([0-9０-９]{1,2}(?:[.．][0-9０-９]{1,2}){0,3})(?:([.．])(?![0-9０-９])[ \t\u3000]*|[ \t\u3000]+)(?=\S)/u;
// "2.7つの協力分野": a number whose title starts with a counted number.
const COUNTED = /^([0-9０-９]{1,2})([.．])(?=[0-9０-９]+[^\s0-9０-９.．])/u;
const LABEL_NUMBER = /^([\p{Script=Katakana}\p{Script=Han}ー]{1,6}?[0-9０-９]{1,2})(?:[ \t\u3000]*[:：][ \t\u3000]*(?=\S)|[ \t\u3000]*$)/u; // アクション1:, 項目1
const BRACKETED = /^【([^】]{1,40})】$/u; // 【日米同盟】
const MARKED = /^[▽▼■◆□◇][ \t\u3000]*([^。]{1,40})$/u; // ▽協力

// List markers, written with or without a space after them.
const PAREN = /^[(（]([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[a-zａ-ｚ]|[ア-ン])[)）][ \t\u3000]*(?=\S)/u; // (1)両国, （２）, (一)
const CIRCLED = /^([\u2460-\u2473])[ \t\u3000]*(?=\S)/u; // ①
const COMMA_NUMBER = new RegExp(`^([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[、，][ \\t\\u3000]*(?=[${CJK}0-9０-９A-Za-z(（])`, 'u'); // 一、双方は / 1、厳格な
const DASH_NUMBER = /^([0-9０-９]{1,2})[-－][ \t\u3000]+(?=\S)/u; // 1- 日本とフランスは
const LETTERED = new RegExp(`^([a-zａ-ｚ])[)）][ \\t\\u3000]*(?=[${CJK}])`, 'u'); // a) 両当事者が…
const DASHED = /^[-－−–—―][^-－−–—―。]+[-－−–—―]$/u;
const BULLET = new RegExp(`^([●○◎◆◇■□・•‣◦▪\\-－−–—]|[?？](?=[ \\t\\u3000]*[${CJK}]))[ \\t\\u3000]*(?=\\S)`, 'u'); // ●ADB…, ・日本及び…, - とりわけ, ?両國 (a ・ lost to encoding)
// A bullet inside a line after white space ("…増進 ?両國首脳の…", "… ・安全保障…"): the line holds several items.
const INLINE_BULLET = new RegExp(`[ \\t\\u3000]+([?？・])(?=[${CJK}])`, 'gu');
const FIELD = /^\[([^\]]{1,8})\][ \t\u3000]*/u; // [文書名] …, [年月日] 2019年6月26日
// A line this long with numbered paragraphs inside is a flattened transcript, cut where one starts after white space:
// "…伝達した。 Ⅰ.政治…", "…課題 3.両首脳は".
const FLATTENED = 400;
// A bullet (○●◎) after white space starts an item wherever it stands: "…意見交換。 ○民主主義…", "…の継続 ○両国…";
// "(1)政治及び安全保障" and "2 両国共通のアクション" start a part after a sentence.
const FLATTENED_BREAK = new RegExp(
  String.raw`[ 	　]+(?=(?:[IVX]{1,4}|[Ⅰ-Ⅻ]|[0-9０-９]{1,2})[.．][^0-9０-９\s]|第[0-9０-９一二三四五六七八九十]+[章節]|[(（][0-9０-９]{1,2}[)）]|[0-9０-９][ 	　]+[${CJK}]|(?<bullet>[○●◎]))`,
  'gu',
);
const SIGNATURE = /[(（]署名[)）]/u; // 橋本龍太郎(署名)
const DATE_ONLY = /^[(（]?(?:(?:平成|令和|昭和)[0-9０-９元]{1,2}|[0-9０-９]{2,4})年(?:[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)?[^。]{0,12}[)）]?$/u; // 平成11年9月, (96年11月18日、東京)
const ENDS_SENTENCE = /[。．][)）」』]*$/u;
// A line that stops on a particle, a comma or an open bracket goes on in the next: "日本及びメコン地域諸国は,".
const OPEN_END = /[、,，はがをにでとのへもや「『(（]$/u;
// The predicate of a list written after it: "●…事業\nについて着実に実施していく。", "…事業に\nついて…".
const STARTS_WITH_PARTICLE = /^(?:について|ついて|に関し|に関して|に対し|を通じ|をもって|とともに|を(?=\S))/u;

/** Items numbered (1), (2) form one list, items numbered (一), (a), (ア) another. */
const parenStyle = (number: string) => (/[0-9０-９]/.test(number) ? 'paren' : 'parenKanji');

type Style = 'chapter' | 'roman' | 'decimal' | 'paren' | 'label' | 'mark' | 'plain' | 'area';

type Read =
  | { kind: 'blank' | 'furniture' | 'signature' }
  | { kind: 'field'; name: string; value: Span }
  | { kind: 'heading'; style: Style; number: string | null; depth: number; title: Span | null; inline: Span[] }
  | { kind: 'item'; marker: string; markerKind: MarkerKind; style: string; content: Span; inline: Span[] }
  | { kind: 'numbered'; number: string; content: Span }
  | { kind: 'text'; content: Span };

interface Line {
  start: number;
  end: number;
  read: Read;
}

interface OpenList {
  list: ListNode;
  item: ListItemNode;
  style: string;
}

/** The span from `n` characters into `span` to its end. */
function after(span: Span, n: number): Span {
  return { start: span.start + n, end: span.end };
}

const furnitureByCues = new WeakMap<JapaneseCues, (line: string) => boolean>();

/**
 * Whether a line of a Japanese document is page furniture (vocabulary patterns, or a row of short navigation links).
 * Compiled once per vocabulary, not once per document.
 */
function furnitureTest(cues: JapaneseCues): (line: string) => boolean {
  let test = furnitureByCues.get(cues);
  if (!test) {
    test = furnitureLineTest(new RegExp(cues.furniture.map((p) => `(?:${p})`).join('|'), 'u'));
    furnitureByCues.set(cues, test);
  }
  return test;
}

function furnitureLineTest(patterns: RegExp): (line: string) => boolean {
  return (line) => {
    if (patterns.test(line)) return true;
    if (/\|/.test(line) && !/。/.test(line)) return true; // "ホーム >> 政治 >> 本文 |", "シェア: |"
    // "外務省 English リンクページ よくある質問集 検索 サイトマップ": three or more short chunks, no sentence.
    const chunks = line.split(/[ \t\u3000]+/).filter(Boolean);
    return chunks.length >= 3 && !/[。、]/.test(line) && chunks.every((c) => c.length <= 14);
  };
}

/**
 * The spans of a document's own text: title, headings, body paragraphs and lists; with `labels`, also label lines
 * (a table of contents names mechanisms), never database fields or signatures.
 */
export function japaneseTextRegions(root: RootNode, labels = false): Span[] {
  const out: Span[] = [];
  const visit = (children: RootNode['children']) => {
    for (const child of children) {
      if (child.type === 'section') {
        out.push(child.heading);
        visit(child.children);
      } else if (child.type === 'paragraph') {
        if (child.role === 'body' || child.role === 'title' || (labels && child.role === 'label')) out.push(child.span);
      } else if (child.type === 'list') {
        out.push(child.span);
      }
    }
  };
  visit(root.children);
  return out;
}

/** Builds the tree of a Japanese document. Pure and linear in the text length. */
export function buildJapaneseTree(text: string, cues: JapaneseCues): RootNode {
  return new JapaneseTreeBuilder(text, cues).build();
}

class JapaneseTreeBuilder {
  private readonly root: RootNode;
  private readonly stack: SectionNode[] = [];
  private lists: OpenList[] = [];
  private readonly levels = new Map<string, number>();
  private readonly isFurniture: (line: string) => boolean;
  private readonly labels: Set<string>;
  private readonly partNames: Set<string>;

  constructor(
    private readonly text: string,
    private readonly cues: JapaneseCues,
  ) {
    this.root = { type: 'root', id: 'root', span: { start: 0, end: text.length }, children: [] };
    this.isFurniture = furnitureTest(cues);
    this.labels = new Set(cues.labels);
    this.partNames = new Set(cues.partNames);
  }

  build(): RootNode {
    const lines = this.readLines();
    const bodyStart = this.bodyStart(lines);
    const title = this.titleLine(lines, bodyStart);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const read = line.read;
      if (read.kind === 'blank') continue;
      const span = this.trimmed(line);
      if (i === title || i === title - 1 && this.wrapsTitle(lines, i)) {
        if (i !== title) continue; // the title's first line, taken with it
        let value = read.kind === 'field' ? read.value : read.kind === 'item' ? read.content : read.kind === 'heading' && read.title ? read.title : span;
        if (this.wrapsTitle(lines, i - 1)) value = { start: this.trimmed(lines[i - 1]!).start, end: value.end };
        this.pushBlock(this.paragraph(value, 'title'));
        continue;
      }
      switch (read.kind) {
        case 'furniture':
          this.pushBlock(this.paragraph(span, 'label'));
          continue;
        case 'signature':
          this.pushBlock(this.paragraph(span, 'signature'));
          continue;
        case 'field':
          this.pushBlock(this.paragraph(span, 'field'));
          continue;
        case 'heading': {
          const item = this.itemOfRun(lines, i, read);
          if (item) i = this.addItem(lines, i, item);
          else if (read.style === 'mark' && read.title && this.labels.has(this.slice(read.title))) this.pushBlock(this.paragraph(span, 'label'));
          else i = this.addHeading(lines, i, read);
          continue;
        }
        case 'item':
          if (i < bodyStart) {
            this.pushBlock(this.paragraph(span, 'label'));
            continue;
          }
          i = this.addItem(lines, i, read);
          continue;
        case 'numbered': {
          const end = this.paragraphEnd(lines, i, read.content);
          this.pushBlock(this.paragraph({ start: read.content.start, end: lines[end]!.end }, 'body'));
          i = end;
          continue;
        }
        case 'text': {
          const content = this.slice(read.content);
          if (i < bodyStart && !this.partNames.has(content)) {
            this.pushBlock(this.paragraph(span, 'label'));
            continue;
          }
          if (this.labels.has(content.replace(/[:：]$/, ''))) {
            this.pushBlock(this.paragraph(span, 'label'));
            continue;
          }
          if (this.isPlainHeading(lines, i)) {
            this.openSection(span, null, span, 'plain', 1);
            continue;
          }
          const end = this.paragraphEnd(lines, i, read.content);
          this.pushBlock(this.paragraph({ start: read.content.start, end: lines[end]!.end }, 'body'));
          i = end;
          continue;
        }
      }
    }
    for (const section of [...this.stack].reverse()) this.closeSection(section);
    this.dropEmptySections(this.root);
    assignIds(this.root);
    return this.root;
  }

  private slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  private trimmed(line: { start: number; end: number }): Span {
    let { start, end } = line;
    while (start < end && /\s/u.test(this.text[start]!)) start++;
    while (end > start && /\s/u.test(this.text[end - 1]!)) end--;
    return { start, end };
  }

  // --- reading lines ---------------------------------------------------------------------------

  private readLines(): Line[] {
    const lines: Line[] = [];
    let start = 0;
    while (start <= this.text.length) {
      let end = this.text.indexOf('\n', start);
      if (end < 0) end = this.text.length;
      for (const piece of this.unflatten({ start, end })) lines.push({ ...piece, read: this.readLine(piece) });
      start = end + 1;
    }
    return lines;
  }

  /**
   * A transcript that flattened a whole document into one line ("…伝達した。 Ⅰ.政治・安全保障課題 3.両首脳は,…") is
   * cut back into lines where a numbered paragraph or heading starts after a sentence end, or after a short heading.
   */
  private unflatten(line: Span): Span[] {
    if (line.end - line.start < FLATTENED) return [line];
    const raw = this.text.slice(line.start, line.end);
    const cuts: number[] = [];
    let from = 0;
    for (const m of raw.matchAll(FLATTENED_BREAK)) {
      const at = m.index + m[0].length;
      const before = raw.slice(from, m.index).trim();
      // After a sentence, or after a heading's short title ("Ⅰ.政治・安全保障課題").
      const heading = (ROMAN.test(before) || CHAPTER.test(before)) && before.length <= 40 && !/[。、,，]/.test(before);
      if (before.endsWith('。') || heading || m.groups?.bullet) {
        cuts.push(at);
        from = at;
      }
    }
    const out: Span[] = [];
    let start = line.start;
    for (const cut of cuts) {
      out.push({ start, end: line.start + cut });
      start = line.start + cut;
    }
    out.push({ start, end: line.end });
    return out;
  }

  private readLine(line: Span): Read {
    const span = this.trimmed(line);
    if (span.start >= span.end) return { kind: 'blank' };
    const raw = this.slice(span);
    const field = FIELD.exec(raw);
    if (field && this.cues.fieldNames.includes(field[1]!)) return { kind: 'field', name: field[1]!, value: after(span, field[0].length) };
    if (this.isFurniture(raw) || this.isFurniture(raw.replace(BULLET, ''))) return { kind: 'furniture' };
    if (SIGNATURE.test(raw)) return { kind: 'signature' };
    let m: RegExpExecArray | null;
    if ((m = CHAPTER.exec(raw))) return this.heading('chapter', m[1]!, 1, after(span, m[0].length));
    if ((m = BRACKETED.exec(raw))) return this.heading('mark', null, 1, { start: span.start + 1, end: span.end - 1 });
    if ((m = MARKED.exec(raw))) return this.heading('mark', null, 1, after(span, raw.length - m[1]!.length));
    if ((m = ROMAN.exec(raw)) && raw.length - m[0].length <= 80) return this.heading('roman', m[0].trim().replace(/[ \t\u3000]+/g, ''), 1, after(span, m[0].length));
    if ((m = LABEL_NUMBER.exec(raw))) {
      const rest = after(span, m[0].length);
      return this.heading('label', m[1]!, 1, rest.start < rest.end ? rest : null);
    }
    if ((m = DECIMAL.exec(raw) ?? COUNTED.exec(raw))) {
      const number = m[1]! + (m[2] ?? '');
      const rest = after(span, m[0].length);
      const restText = this.slice(rest);
      const depth = m[1]!.split(/[.．]/).length;
      if (restText.length <= 60 && !/。/.test(restText)) return this.heading('decimal', number, depth, rest);
      return { kind: 'numbered', number, content: rest };
    }
    if ((m = PAREN.exec(raw))) {
      const { head, inline } = this.inlineItems(after(span, m[0].length));
      const headText = this.slice(head);
      // "(一)政治的相互信頼の増進 ?両國首脳の…": a number with items run onto its line heads them.
      if (inline.length > 0 || (headText.length <= 40 && !/[。、,，]/.test(headText) && !/[ぁ-ん]$/.test(headText))) {
        return { kind: 'heading', style: 'paren', number: m[0].trim(), depth: 1, title: head, inline };
      }
      return { kind: 'item', marker: m[0].trim(), markerKind: 'parenNumber', style: parenStyle(m[1]!), content: head, inline };
    }
    if ((m = CIRCLED.exec(raw))) return { kind: 'item', marker: m[1]!, markerKind: 'number', style: 'circled', content: after(span, m[0].length), inline: [] };
    if ((m = COMMA_NUMBER.exec(raw))) {
      const kanji = /[一二三四五六七八九十]/.test(m[1]!);
      return { kind: 'item', marker: m[0].trim(), markerKind: 'number', style: kanji ? 'kanjiComma' : 'comma', content: after(span, m[0].length), inline: [] };
    }
    if ((m = DASH_NUMBER.exec(raw))) return { kind: 'item', marker: m[0].trim(), markerKind: 'number', style: 'dashNumber', content: after(span, m[0].length), inline: [] };
    if ((m = LETTERED.exec(raw))) return { kind: 'item', marker: m[0].trim(), markerKind: 'letter', style: 'letter', content: after(span, m[0].length), inline: [] };
    // "-日本とルリタニアとの間の新時代のパートナーシップ-": a subtitle between dashes, no bulleted item.
    if (DASHED.test(raw)) return { kind: 'text', content: span };
    if ((m = BULLET.exec(raw))) {
      const marker = m[1]!;
      const { head, inline } = this.inlineItems(after(span, m[0].length));
      const kind: MarkerKind = /[-－−–—]/.test(marker) ? 'dash' : 'bullet';
      return { kind: 'item', marker, markerKind: kind, style: marker === '？' ? '?' : marker, content: head, inline };
    }
    return { kind: 'text', content: span };
  }

  private heading(style: Style, number: string | null, depth: number, title: Span | null): Read {
    const inline = title ? this.inlineItems(title) : { head: null, inline: [] };
    return { kind: 'heading', style, number, depth, title: inline.head ?? title, inline: inline.inline };
  }

  /** "(一)政治的相互信頼の増進 ?両國首脳の… ?安全保障…": the head before the first inline bullet, and the items after. */
  private inlineItems(span: Span): { head: Span; inline: Span[] } {
    const slice = this.slice(span);
    const cuts: { at: number; content: number }[] = [];
    INLINE_BULLET.lastIndex = 0;
    for (let m = INLINE_BULLET.exec(slice); m; m = INLINE_BULLET.exec(slice)) cuts.push({ at: m.index, content: m.index + m[0].length });
    if (!cuts.length) return { head: span, inline: [] };
    const head = this.trimmed({ start: span.start, end: span.start + cuts[0]!.at });
    const inline = cuts.map((c, i) => this.trimmed({ start: span.start + c.content, end: i + 1 < cuts.length ? span.start + cuts[i + 1]!.at : span.end }));
    return { head, inline };
  }

  // --- the text before the body ----------------------------------------------------------------

  /** The first line of the body: an item, a numbered paragraph or a sentence. Lines before it are title or furniture. */
  private bodyStart(lines: Line[]): number {
    for (let i = 0; i < lines.length; i++) {
      const read = lines[i]!.read;
      if (read.kind === 'item' && this.loneTag(lines, i)) continue;
      if (read.kind === 'item' || read.kind === 'numbered') return i;
      if (read.kind === 'heading' && read.style !== 'plain' && read.style !== 'mark' && i > this.firstContent(lines)) return i;
      if (read.kind === 'text' && /。/.test(this.slice(read.content))) return i;
    }
    return lines.length;
  }

  /**
   * A page's category tag above a press release's title ("• 国際協力"): a short bulleted word alone, no list around
   * it, before any sentence. It opens no body, so the title line after it is still read as the title.
   */
  private loneTag(lines: Line[], i: number): boolean {
    const read = lines[i]!.read;
    if (read.kind !== 'item' || /。/u.test(this.slice(read.content)) || this.slice(read.content).trim().length > 12) return false;
    const listed = (l: Line | null) => !!l && (l.read.kind === 'item' || l.read.kind === 'heading');
    return !listed(this.neighbour(lines, i, -1)) && !listed(this.neighbour(lines, i, 1));
  }

  private firstContent(lines: Line[]): number {
    return lines.findIndex((l) => l.read.kind !== 'blank' && l.read.kind !== 'furniture');
  }

  /**
   * The document's own title: the value of a [文書名] field, else the first line before the body that names a kind of
   * document ("日独外相共同声明 2018年7月25日"), else the first line of it that could be one; -1 when none.
   */
  private titleLine(lines: Line[], bodyStart: number): number {
    const field = lines.findIndex((l) => l.read.kind === 'field' && l.read.name === this.cues.fieldNames[0]);
    if (field >= 0) return field;
    const candidates: { line: number; names: boolean }[] = [];
    const first = this.firstContent(lines);
    for (let i = 0; i < Math.min(lines.length, Math.max(bodyStart, first + 1)); i++) {
      const read = lines[i]!.read;
      // The first line may carry a list number of the page it was taken from: "(12) 21世紀に向けての日仏協力20の措置(概要)".
      const content = read.kind === 'text' ? read.content : i === first && (read.kind === 'item' || read.kind === 'heading') ? (read.kind === 'item' ? read.content : read.title) : null;
      if (!content) continue;
      const raw = this.slice(content);
      const cjk = raw.match(new RegExp(`[${CJK}]`, 'gu'))?.length ?? 0;
      const kindWord = this.cues.titleWords.some((w) => raw.includes(w));
      if (cjk < (kindWord ? 2 : 5) || raw.length > 150 || ENDS_SENTENCE.test(raw) || DATE_ONLY.test(raw) || this.labels.has(raw)) continue;
      candidates.push({ line: i, names: kindWord });
    }
    const chosen = (candidates.find((c) => c.names) ?? candidates.find((c) => lines[c.line]!.read.kind === 'text'))?.line ?? -1;
    // The title is read at its last line, which takes the line before it when that one goes on.
    return chosen >= 0 && this.wrapsTitle(lines, chosen) ? chosen + 1 : chosen;
  }

  /**
   * A title line goes on in the next when it ends open ("日本国政府とアメリカ合衆国ワシントン州との間の"), when the
   * next is a bare kind of document that names nothing by itself ("日豪外務・防衛閣僚協議" / "共同発表 2007"), or a
   * subtitle between wave dashes ("…首相による共同声明" / "~日印…パートナーシップの新たな段階~(骨子)").
   */
  private wrapsTitle(lines: Line[], i: number): boolean {
    const read = lines[i]?.read;
    const next = lines[i + 1]?.read;
    if (read?.kind !== 'text' || next?.kind !== 'text') return false;
    const following = this.slice(next.content);
    return /[のとび及並]$/u.test(this.slice(read.content)) || ATTRIBUTIVE_END.test(this.slice(read.content)) || WRAPPED_ON.test(following) || /^[~〜～]/u.test(following) || this.bareKind(following);
  }

  /** "共同発表 2007", "共同声明": a kind word with at most a year or number. */
  private bareKind(line: string): boolean {
    const word = this.cues.titleWords.find((w) => line.startsWith(w));
    return !!word && /^[ \t\u3000]*(?:[0-9０-９]{1,4}年?)?$/u.test(line.slice(word.length));
  }


  // --- headings --------------------------------------------------------------------------------

  /** A short line that is not a sentence, followed by the body it heads: "日・ポーランド関係の概観と…展望", "前文". */
  private isPlainHeading(lines: Line[], i: number): boolean {
    const read = lines[i]!.read;
    if (read.kind !== 'text') return false;
    const raw = this.slice(read.content);
    if (!this.headingLike(raw)) return false;
    if (this.partNames.has(raw)) return true;
    const previous = this.neighbour(lines, i, -1);
    if (previous && previous.read.kind === 'text' && this.headingLike(this.slice(previous.read.content))) return false;
    const next = this.neighbour(lines, i, 1);
    if (!next) return false;
    if (next.read.kind === 'item' || next.read.kind === 'numbered') return true;
    if (next.read.kind === 'heading') return next.read.style !== 'plain';
    return next.read.kind === 'text' && !this.headingLike(this.slice(next.read.content)) && !STARTS_WITH_PARTICLE.test(this.slice(next.read.content));
  }

  private headingLike(raw: string): boolean {
    return raw.length >= 2 && raw.length <= 40 && !/[。、,，]/.test(raw) && !OPEN_END.test(raw) && !DATE_ONLY.test(raw) && new RegExp(`[${CJK}]{2}`, 'u').test(raw);
  }

  private neighbour(lines: Line[], i: number, step: 1 | -1): Line | null {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j]!.read.kind !== 'blank') return lines[j]!;
    return null;
  }

  /**
   * A short numbered line next to another short one numbered the same way heads nothing: "(1)議会間交流の支援"
   * followed by "(2)国連改革の実現に向けた協力" is a list of items, not two headings ("(1)国連" followed by its
   * paragraph is one).
   */
  private itemOfRun(lines: Line[], i: number, read: Extract<Read, { kind: 'heading' }>): Extract<Read, { kind: 'item' }> | null {
    if (read.style !== 'paren' || read.inline.length || !read.number || !read.title) return null;
    const style = parenStyle(read.number);
    const numberedAlike = (line: Line | null) => {
      const other = line?.read;
      return other?.kind === 'heading' && other.style === 'paren' && !other.inline.length && !!other.number && parenStyle(other.number) === style;
    };
    if (!numberedAlike(this.neighbour(lines, i, 1)) && !numberedAlike(this.neighbour(lines, i, -1))) return null;
    return { kind: 'item', marker: read.number, markerKind: 'parenNumber', style, content: read.title, inline: [] };
  }

  private addHeading(lines: Line[], i: number, read: Extract<Read, { kind: 'heading' }>): number {
    const line = lines[i]!;
    let title = read.title;
    let end = i;
    // "項目1" alone on its line, its title on the next: "協力分野".
    if (!title) {
      const next = lines[i + 1];
      if (next && next.read.kind === 'text' && this.headingLike(this.slice(next.read.content))) {
        title = next.read.content;
        end = i + 1;
      }
    }
    const heading = { start: this.trimmed(line).start, end: title ? title.end : this.trimmed(line).end };
    const base = this.levelOf(read.style);
    this.openSection(heading, read.number, title, read.style, base + read.depth - 1);
    this.addInline(read.inline, read.style);
    return end;
  }

  /** Levels follow the order in which numbering styles first appear: the first is level 1, a new one one below the open heading. */
  private levelOf(style: Style): number {
    const known = this.levels.get(style);
    if (known !== undefined) return known;
    const open = this.stack[this.stack.length - 1];
    const level = open ? open.level + 1 : 1;
    this.levels.set(style, level);
    return level;
  }

  private openSection(heading: Span, number: string | null, title: Span | null, style: Style, level: number): void {
    if (style === 'plain') level = this.levelOf('plain');
    this.lists = [];
    while (this.stack.length && this.stack[this.stack.length - 1]!.level >= level) this.closeSection(this.stack.pop()!);
    const section: SectionNode = {
      type: 'section',
      id: '',
      span: { ...heading },
      heading: { ...heading },
      number,
      title: title ? this.slice(title).replace(/\s+/gu, ' ').trim() || null : null,
      level,
      kind: 'heading',
      children: [],
    };
    (this.stack[this.stack.length - 1] ?? this.root).children.push(section);
    this.stack.push(section);
  }

  private closeSection(section: SectionNode): void {
    const last = section.children[section.children.length - 1];
    if (last) section.span.end = Math.max(section.span.end, last.span.end);
  }

  /** A heading with nothing under it before the next heading of its level (a table of contents line) is a label. */
  private dropEmptySections(container: RootNode | SectionNode): void {
    for (let i = 0; i < container.children.length; i++) {
      const child = container.children[i]!;
      if (child.type !== 'section') continue;
      this.dropEmptySections(child);
      if (child.children.some((c) => c.type === 'section' || (c.type !== 'paragraph' || c.role !== 'label'))) continue;
      const label = this.paragraph(child.heading, 'label');
      container.children.splice(i, 1, label, ...child.children);
      i += child.children.length;
    }
  }

  // --- items and paragraphs --------------------------------------------------------------------

  private addItem(lines: Line[], i: number, read: Extract<Read, { kind: 'item' }>): number {
    const content = this.slice(read.content);
    const next = this.neighbour(lines, i, 1);
    // "・気候変動" followed by its own paragraph: an area label, a heading one level down.
    if (
      read.markerKind === 'bullet' && !read.inline.length && content.length <= 20 && !/[。、,，]/.test(content) &&
      next?.read.kind === 'text' && !STARTS_WITH_PARTICLE.test(this.slice(next.read.content)) && !this.headingLike(this.slice(next.read.content))
    ) {
      const level = this.levelOf('area');
      this.openSection(this.trimmed(lines[i]!), null, read.content, 'area', level);
      return i;
    }
    // An item is its line: web pages put one item a line, and the line after an item that does not end a sentence
    // is as often the predicate of the list ("…について着実に実施していく。") as a wrapped rest.
    this.pushItem(this.trimmed({ start: lines[i]!.start, end: read.content.end }), read.marker, read.markerKind, read.style, read.content);
    this.addInline(read.inline, read.style);
    return i;
  }

  private addInline(inline: Span[], style: string): void {
    for (const span of inline) this.pushItem(span, '・', 'bullet', `${style}/inline`, span);
  }

  private pushItem(span: Span, marker: string, markerKind: MarkerKind, style: string, content: Span): void {
    const item: ListItemNode = {
      type: 'listItem',
      id: '',
      span: { ...span },
      marker,
      markerKind,
      content: { ...content },
      children: [this.paragraph(content, 'body')],
    };
    const at = this.lists.findIndex((l) => l.style === style);
    if (at >= 0) {
      this.lists.length = at + 1;
      const open = this.lists[at]!;
      open.list.children.push(item);
      open.item = item;
    } else if (this.lists.length) {
      // A new marker style under an item: nested items ("2- …決定する。" then "- とりわけ…").
      const open = this.lists[this.lists.length - 1]!;
      const nested: ListNode = { type: 'list', id: '', span: { ...item.span }, children: [item] };
      open.item.children.push(nested);
      this.lists.push({ list: nested, item, style });
    } else {
      const list: ListNode = { type: 'list', id: '', span: { ...item.span }, children: [item] };
      this.pushBlock(list, true);
      this.lists.push({ list, item, style });
    }
    for (const open of this.lists) {
      open.list.span.end = Math.max(open.list.span.end, item.span.end);
      open.item.span.end = Math.max(open.item.span.end, item.span.end);
    }
    for (const section of this.stack) section.span.end = Math.max(section.span.end, item.span.end);
  }

  /** The last line of a paragraph starting at line `i`: lines run on until one ends a sentence. */
  private paragraphEnd(lines: Line[], i: number, first: Span): number {
    let end = i;
    let last = this.slice(first);
    while (!ENDS_SENTENCE.test(last)) {
      const next = lines[end + 1];
      if (!next || next.read.kind !== 'text') break;
      if (this.headingLike(last) && !OPEN_END.test(last) && last.length < 30) break;
      end++;
      last = this.slice(next.read.content);
    }
    return end;
  }

  private pushBlock(node: ParagraphNode | ListNode, keepLists = false): void {
    if (!keepLists) this.lists = [];
    (this.stack[this.stack.length - 1] ?? this.root).children.push(node);
    for (const section of this.stack) section.span.end = Math.max(section.span.end, node.span.end);
  }

  private paragraph(span: Span, role: ParagraphNode['role']): ParagraphNode {
    return { type: 'paragraph', id: '', span: { ...span }, role, children: role === 'body' ? this.sentences(span) : [] };
  }

  /** Sentences end at 。 outside brackets: "この協力覚書(以下「覚書」という。)は,…ものである。" is one. */
  private sentences(span: Span): SentenceNode[] {
    const out: SentenceNode[] = [];
    let depth = 0;
    let from = span.start;
    const push = (end: number) => {
      const s = this.trimmed({ start: from, end });
      if (s.start < s.end) out.push({ type: 'sentence', id: '', span: s });
      from = end;
    };
    for (let i = span.start; i < span.end; i++) {
      const c = this.text[i]!;
      if ('「『(（【'.includes(c)) depth++;
      else if ('」』)）】'.includes(c)) depth = Math.max(0, depth - 1);
      else if (c === '。' && depth === 0) {
        let end = i + 1;
        while (end < span.end && '」』)）'.includes(this.text[end]!)) end++;
        push(end);
        i = end - 1;
      }
    }
    push(span.end);
    return out;
  }
}
