// The tree builder: normalized text → RootNode of sections, paragraphs, lists and table rows, every node with its span.
// Shapes it does not recognise become plain paragraphs; it never throws on a document.
import type {
  BlockNode,
  IngestedDocument,
  ListItemNode,
  ListNode,
  MarkerKind,
  ParagraphNode,
  RootNode,
  SectionNode,
  SentenceNode,
  Span,
  TableCellNode,
  TableRowNode,
} from '../types.js';
import { loadVocabulary, type Cues } from '../vocab/index.js';
import { cellsOf, hasMoreWordsThan, isWhiteSpace, scanLines, type Line } from './lines.js';
import { cellOf, isReassembled, joinPieces, sliceCell, spanOf, trimCell, type Cell } from './cells.js';
import { endsConnective, groupBlocks, endsTerminal, sentenceLike, type Block } from './blocks.js';
import { emphasizedText, fieldName, isDateLine, isHeadingLike, isLabel, isPlainHeadingLike, labelPatterns, opensSignature, plainHeading, runInLabel, sectionNumber, startsWithAction } from './headings.js';
import { splitSentences } from './sentences.js';
import { assignIds } from './ids.js';
import { buildJapaneseTree } from './japanese.js';
import { isJapaneseText } from '../ja/analyzer.js';
import { escapeRegExp, isAsciiUpper } from '../text.js';

export { walk, textOf } from './ids.js';

type Container = RootNode | SectionNode;

/** A cell of a table line and the column it stands in. */
interface Part {
  column: number;
  span: Span;
}

/** The cells of one table line; `startsEmpty` when the line's first column is empty. */
type Parts = Part[] & { startsEmpty: boolean };

interface PendingRow {
  span: Span;
  lines: Parts[];
  /** The last line ended the row (a label for the next rows was run onto it). */
  closed?: boolean;
}

/**
 * Lists nest at most this deep; deeper items are kept as siblings at the last level. Plans nest four
 * or five levels; a hostile file nesting 5,000 would otherwise overflow every recursive walk of the tree.
 */
export const MAX_LIST_DEPTH = 16;

/** A numbered heading line: its number ("2.1."), decimal depth and the span of its title. */
interface NumberedHeading {
  number: string;
  depth: number;
  title: Span | null;
}

interface OpenList {
  list: ListNode;
  item: ListItemNode;
  indent: number;
  kind: MarkerKind | null;
}

/** Builds the document tree of an ingested document. Pure and linear in the text length. */
export function buildTree(document: Pick<IngestedDocument, 'text'>, cues: Cues = loadVocabulary().cues): RootNode {
  // Japanese structure (headings such as 第1章 or （1）, markers without a space, no capitals) has its own builder.
  if (isJapaneseText(document.text)) return buildJapaneseTree(document.text, loadVocabulary().japanese);
  return new TreeBuilder(document.text, cues).build();
}

class TreeBuilder {
  private readonly root: RootNode;
  private readonly stack: SectionNode[] = [];
  private lists: OpenList[] = [];
  /** The last number of a restarted sub-numbering ("1.", "2." under "4 Economy"). */
  private subNumber = 0;
  private restartNext = false;
  /** Sections numbered by a restarted numbering: their siblings may be written "(2)". */
  private readonly restarted = new Set<SectionNode>();
  private hasNumberedHeadings = false;
  private minHashes = 7;
  private titleDone = false;
  private bodySeen = false;
  private inTable = false;
  private inPartners = false;
  private inSignature = false;
  private title: ParagraphNode | null = null;
  /** Lines of a table row not yet built: a PDF wraps a row's cells over several lines. */
  private pendingRow: PendingRow | null = null;
  /** Set after a row-group label, whose title may wrap onto the next line. */
  private extendTitle = false;
  /** A part label ("Section I") waiting to number the heading right after it, and that number while it is read. */
  private pendingPart: string | null = null;
  private partNumber: string | null = null;
  /** The last block asked about by numberedHeading() and its answer. */
  private numberedBlock: Block | null = null;
  private numberedAnswer: NumberedHeading | null = null;
  /** Sections opened by a numbered run-in label ("1. **Permitting:** …"): siblings of each other. */
  private readonly runIn = new Set<SectionNode>();
  /** Sections opened by a lettered item with a bold run-in label ("a\. **Financing:** …"): below the section they are in. */
  private readonly lettered = new Set<SectionNode>();

  /** The text's last block: it heads nothing, so it is never a heading (an excerpt may end on a cut-off line). */
  private lastBlock: Block | null = null;

  /** A column label at the start of a cell: "Objectives Culture…". */
  private readonly labelPrefix: RegExp;

  constructor(
    private readonly text: string,
    private readonly cues: Cues,
  ) {
    this.labelPrefix = labelPrefixPattern(cues);
    this.root = { type: 'root', id: 'root', span: { start: 0, end: text.length }, children: [] };
  }

  build(): RootNode {
    const blocks = groupBlocks(this.text, scanLines(this.text), boilerplatePattern(this.cues));
    // Only Markdown documents read levels from "#"s, and only when no heading carries a number.
    this.hasNumberedHeadings = blocks.some((b) => b.kind === 'md' && sectionNumber(this.slice(b.content)) !== null);
    for (const b of blocks) if (b.kind === 'md') this.minHashes = Math.min(this.minHashes, b.lines[0]!.hashes);
    this.lastBlock = blocks[blocks.length - 1] ?? null;
    blocks.forEach((block, i) => this.add(block, blocks[i + 1]));
    this.flushRow();
    for (const section of [...this.stack].reverse()) this.closeSection(section);
    assignIds(this.root);
    return this.root;
  }

  private slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  private get container(): Container {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  private add(block: Block, next: Block | undefined): void {
    this.partNumber = this.pendingPart;
    this.pendingPart = null;
    const extendTitle = this.extendTitle;
    this.extendTitle = false;
    if (extendTitle && this.extendsRowGroupTitle(block)) return;
    if (this.pendingRow && block.kind !== 'tab') {
      // "ltations." alone on a line: the end of a first-column cell wrapped by the PDF.
      const last = this.pendingRow.lines[this.pendingRow.lines.length - 1]!;
      const first = last.find((p) => p.column === 0);
      if (block.kind === 'text' && !block.afterBlank && block.lines.length === 1 && first && !this.pendingRow.closed && !endsTerminal(this.slice(first.span))) {
        this.pendingRow.lines.push(Object.assign([{ column: 0, span: copySpan(block.span) }], { startsEmpty: false }));
        this.pendingRow.closed = this.endsWithLabel(this.slice(block.span)) !== null;
        this.pendingRow.span.end = block.span.end;
        return;
      }
      this.flushRow();
    }
    if (block.boilerplate) {
      this.pushBlock(this.paragraph(block.span, 'label'));
      return;
    }
    const raw = this.slice(block.kind === 'item' || block.kind === 'md' ? block.content : block.span);
    if (this.inSignature || (this.bodySeen && block.kind !== 'item' && opensSignature(raw))) {
      this.inSignature = true;
      this.pushBlock(this.paragraph(block.span, 'signature'));
      return;
    }
    if (!this.titleDone) {
      this.titleDone = true;
      if (this.titleLike(block, raw)) {
        this.title = this.paragraph(block.span, 'title');
        this.pushBlock(this.title);
        return;
      }
    }
    // Site furniture may come first ("Ministry of Foreign Affairs of Japan"); the line naming the document's kind is its title.
    if (!this.bodySeen && this.stack.length === 0 && this.title && this.titleLike(block, raw) && this.namesKind(raw) && !this.namesKind(this.slice(this.title.span))) {
      this.title.role = 'label';
      this.title = this.paragraph(block.span, 'title');
      this.pushBlock(this.title);
      return;
    }
    // A subtitle is as short as a title: a run of sentences cut off by the end of an excerpt is body text.
    if (!this.bodySeen && this.stack.length === 0 && block.kind === 'text' && !endsTerminal(raw) && raw.length < 300 && hasMoreWordsThan(raw, 12)) {
      this.pushBlock(this.paragraph(block.span, 'title')); // a subtitle under the title
      return;
    }
    switch (block.kind) {
      case 'md':
      case 'text':
        return this.addText(block, raw, next);
      case 'item':
        return this.addItem(block, raw);
      case 'tab':
        return this.addTableLine(block);
    }
  }

  /** Whether a block could be the title: asked only while no body has been read (most blocks come after). */
  private titleLike(block: Block, raw: string): boolean {
    // A line holding a link ("*Read more … [here](https://…)*") is page furniture, never the title.
    return (block.kind === 'text' || block.kind === 'md') && !endsTerminal(raw) && raw.length < 300 && !raw.includes('](') && !this.numberedHeading(block);
  }

  private namesKind(text: string): boolean {
    return titleWordPattern(this.cues).test(text.toLowerCase());
  }

  // --- headings -------------------------------------------------------------------------------

  private numberedHeading(block: Block): NumberedHeading | null {
    // Asked twice of most blocks (is it the title? is it a heading?): the answer for the last block is kept.
    if (this.numberedBlock !== block) {
      this.numberedBlock = block;
      this.numberedAnswer = this.readNumberedHeading(block);
    }
    return this.numberedAnswer;
  }

  private readNumberedHeading(block: Block): NumberedHeading | null {
    const content = block.kind === 'md' || block.kind === 'item' ? block.content : block.span;
    const text = this.slice(content);
    const found = sectionNumber(text);
    if (!found || isDateLine(text.trim())) return null;
    const titleStart = content.start + found.rest;
    // Tabs need no replacing first: plainHeading folds them as it folds spaces.
    if (!isPlainHeadingLike(this.text.slice(titleStart, content.end), this.cues, { maxWords: 25 })) return null;
    return { number: found.number, depth: found.depth, title: { start: titleStart, end: content.end } };
  }

  private addText(block: Extract<Block, { kind: 'text' | 'md' }>, raw: string, next: Block | undefined): void {
    const singleLine = block.lines.length === 1;
    // A numbered heading may wrap onto a second or third line in text extracted from PDF. A heading heads what follows
    // it: the text's last block is none, though a numbered paragraph cut off by the end of an excerpt looks like one
    // ("IV. The leaders acknowledged the importance of regular engagement … in support of the").
    const numbered = block.lines.length <= 3 && next ? this.numberedHeading(block) : null;
    if (numbered) {
      this.openNumbered(block.span, numbered, block.kind === 'md');
      this.extendTitle = block.kind === 'text';
      return;
    }
    const leadNumber = sectionNumber(raw);
    if (this.emphasizedHeading(block, raw)) return;
    if (this.partOverTitle(block, next)) return;
    if (leadNumber && sentenceLike(raw) && next?.kind === 'item') {
      // "2.1. The Governments will make efforts to … by:" followed by items: a section without a title.
      const depth = leadNumber.depth;
      this.openSection(block.span, leadNumber.number, null, this.levelOf(depth, leadNumber.number), 'heading');
      const content = { start: block.span.start + leadNumber.rest, end: block.span.end };
      this.pushBlock(this.paragraph(content, 'body'));
      return;
    }
    if (isLabel(raw, this.cues)) {
      this.markLabel(raw);
      this.pushBlock(this.paragraph(block.span, 'label'));
      return;
    }
    const labels = labelPatterns(this.cues);
    if (labels.mayOpen(raw.charCodeAt(0)) && (labels.field.test(raw) || labels.partners.test(raw))) {
      if (labels.partners.test(raw)) this.inPartners = true;
      this.pushBlock(this.paragraph(block.span, 'field'));
      return;
    }
    const maxWords = block.kind === 'md' ? 20 : 12;
    // A plain line followed straight by another heading-like line is furniture ("Page Top", "Back to Europe").
    if (singleLine && next && !(this.inPartners && fieldName(raw)) && raw.length <= 240 && isPlainHeadingLike(raw, this.cues, { maxWords }) && !this.isHeadingLineAfter(block, next) && !this.isDateBlock(next)) {
      const level = this.unnumberedLevel(block.kind === 'md' ? block.lines[0]!.hashes : 0);
      this.openSection(block.span, null, block.kind === 'md' ? block.content : block.span, level, this.inTable ? 'rowGroup' : 'heading');
      this.inPartners = false;
      return;
    }
    if (this.inPartners) {
      this.pushBlock(this.paragraph(block.span, 'field'));
      return;
    }
    if (block.kind === 'text' && this.addUnmarkedItem(block, raw)) return;
    this.bodySeen = true;
    this.pushBlock(this.paragraph(block.span, 'body'));
  }

  /**
   * A part label on its own line over the part's title ("ARTICLE II" ⏎ "Scope", "Chapter 3" ⏎ "Energy Security"): a
   * section numbered by the label. Not the text's last block, which heads nothing.
   */
  private partOverTitle(block: Extract<Block, { kind: 'text' | 'md' }>, next: Block | undefined): boolean {
    if (block.kind !== 'text' || block.lines.length !== 2 || !next) return false;
    const [label, title] = block.lines as [Line, Line];
    const number = this.text.slice(label.contentStart, label.end).trim();
    if (!PART_LABEL.test(number) || !isPlainHeadingLike(this.text.slice(title.contentStart, title.end), this.cues, { maxWords: 12 })) return false;
    this.openSection(block.span, number, { start: title.contentStart, end: title.end }, this.unnumberedLevel(0), 'heading');
    return true;
  }

  /**
   * A text line followed by a one-line text block that reads as a heading. Not the text's last block: a sentence cut
   * off by the end of an excerpt ("We stand together in supporting Freedonia’s reconstruction and recov")
   * reads as one, and would make the heading above it ("Security cooperation") furniture.
   */
  private isHeadingLineAfter(block: Block, next: Block): boolean {
    return block.kind === 'text' && next.kind === 'text' && next.lines.length === 1 && next !== this.lastBlock && isHeadingLike(this.slice(next.span), this.cues, { maxWords: 12 });
  }

  /** A line that is only a date: the place above it ("Ottawa, Ontario" over "22 September 2014") is a dateline, not a heading. */
  private isDateBlock(block: Block): boolean {
    const line = block.lines[0]!;
    return block.kind === 'text' && isDateLine(this.text.slice(line.start, line.end).trim());
  }

  /** Reads as a heading once a trailing colon is dropped ("Quantum:"), up to 25 words. */
  private headingShaped(text: string): boolean {
    return isHeadingLike(withoutColon(text), this.cues, { maxWords: 25 });
  }

  /**
   * A heading written in emphasis, as web pages and fact sheets print them: the whole block ("**Quantum:**",
   * "**<u>Space</u>**", a title wrapped over up to three lines), an emphasized first line with its paragraph
   * run on below it ("**<u>Invitation to Visit Italy</u>**  ⏎ President Trump accepted…"), or a bold run-in label
   * ("**Climate Action: The United States … will push…**"). The heading opens a section; the text after it is a
   * body paragraph of that section.
   */
  private emphasizedHeading(block: Extract<Block, { kind: 'text' | 'md' }>, raw: string): boolean {
    if (block.kind !== 'text') return false;
    // Emphasis opens the block ("**", "__", "<u>"), or no test below but the numbered label's can hold.
    const emphasized = opensEmphasis(raw);
    // A line of bare markup ("*<u>" above the words) is no line of the title.
    const whole = emphasized && this.atMostThreeWordLines(block.lines) ? emphasizedText(raw) : null;
    // "**Section I**" over "**Critical Minerals and Rare Earths**": the part label numbers the heading after it.
    if (whole && PART_LABEL.test(whole)) {
      this.pendingPart = whole;
      this.pushBlock(this.paragraph(block.span, 'label'));
      return true;
    }
    if (whole && this.headingShaped(whole)) {
      this.openSection(block.span, this.partNumber, block.span, this.unnumberedLevel(0), this.inTable ? 'rowGroup' : 'heading');
      return true;
    }
    // "1.  **Securing supply:**  The Participants…": a numbered run-in label is a sub-heading of the section it is in.
    const number = sectionNumber(raw);
    const numberedLabel = number ? runInLabel(raw.slice(number.rest)) : null;
    if (number && numberedLabel && this.headingShaped(numberedLabel.label)) {
      const labelStart = block.span.start + number.rest;
      const heading = { start: block.span.start, end: labelStart + numberedLabel.end };
      // Lettered labels under the previous numbered label close with it: "1. **Permitting:**" follows "d\. **Ministerial:**".
      const top = this.innermostSection((s) => !this.lettered.has(s));
      const level = top ? (this.runIn.has(top) ? top.level : top.level + 1) : 1;
      this.openSection(heading, number.number, { start: labelStart, end: heading.end }, level, 'heading');
      this.runIn.add(this.stack[this.stack.length - 1]!);
      const body = trimSpan(this.text, { start: heading.end, end: block.span.end });
      if (body.end > body.start) this.pushBlock(this.paragraph(body, 'body'));
      return true;
    }
    if (!emphasized) return false;
    let headingEnd: number | null = null;
    const first = block.lines[0]!;
    const firstLine = block.lines.length > 1 ? emphasizedText(this.text.slice(first.start, first.end)) : null;
    if (firstLine && this.headingShaped(firstLine)) headingEnd = first.end;
    const label = headingEnd === null ? runInLabel(raw) : null;
    if (label && this.headingShaped(label.label)) headingEnd = block.span.start + label.end;
    if (headingEnd === null) return false;
    const heading = { start: block.span.start, end: headingEnd };
    this.openSection(heading, null, heading, this.unnumberedLevel(0), 'heading');
    const body = trimSpan(this.text, { start: headingEnd, end: block.span.end });
    if (body.end > body.start) this.pushBlock(this.paragraph(body, 'body'));
    return true;
  }

  /** Whether at most three of the lines hold a letter or digit outside "<u>" tags; counting stops at the fourth. */
  private atMostThreeWordLines(lines: Line[]): boolean {
    let count = 0;
    for (const l of lines) {
      const line = this.text.slice(l.start, l.end);
      if (WORD_CHARACTER.test(line.includes('<') ? line.replace(/<\/?u>/g, '') : line) && ++count > 3) return false;
    }
    return true;
  }

  /**
   * Items whose bullets were lost (drawn glyphs in a PDF): lower-case paragraphs after a lead-in item
   * ("…by holding:" / "political consultations … once in two years; and") are its nested items.
   */
  private addUnmarkedItem(block: Block, raw: string): boolean {
    const open = this.lists[this.lists.length - 1];
    if (!open || !startsLower(raw)) return false;
    const underLeadIn = endsWithColon(this.text, open.item.content);
    if (open.kind !== null && !underLeadIn) return false;
    const item: ListItemNode = {
      type: 'listItem',
      id: '',
      span: copySpan(block.span),
      marker: null,
      markerKind: null,
      content: copySpan(block.span),
      children: [this.paragraph(block.span, 'body')],
    };
    if ((open.kind === null && !underLeadIn) || this.lists.length >= MAX_LIST_DEPTH) {
      open.list.children.push(item);
      open.item = item;
    } else {
      const nested: ListNode = { type: 'list', id: '', span: copySpan(item.span), children: [item] };
      open.item.children.push(nested);
      this.lists.push({ list: nested, item, indent: open.indent + 2, kind: null });
    }
    this.extendOpenLists(item.span);
    for (const section of this.stack) this.extend(section.span, item.span);
    this.bodySeen = true;
    return true;
  }

  private openNumbered(span: Span, numbered: NumberedHeading, markdown = false): void {
    // A running header repeats an open section ("2 Energy" inside "2.2 Energy"): not a new section.
    if (numbered.depth === 1 && this.stack.length) {
      const title = numbered.title ? this.cleanTitle(numbered.title) : null;
      if (this.stack.some((s) => s.title === title && s.number !== numbered.number)) {
        this.pushBlock(this.paragraph(span, 'label'));
        return;
      }
    }
    const level = this.levelOf(numbered.depth, numbered.number, markdown);
    this.openSection(span, numbered.number, numbered.title, level, 'heading');
    this.inTable = false;
    this.inPartners = false;
  }

  /**
   * A row-group label wrapped onto a second line ("International Peace and" / "Security",
   * "Free and open Indo-Pacific" / "and sustainable connecti") continues the section title.
   */
  private extendsRowGroupTitle(block: Block): boolean {
    const section = this.stack[this.stack.length - 1];
    if (!section || block.kind !== 'text' || block.lines.length !== 1 || !section.title) return false;
    const line = this.slice(block.span);
    const open = endsConnective(section.title) || startsLower(line);
    // A long numbered heading wrapped by a PDF ("3. Cultural and People-to-People" / "Exchanges"). Written out: a closure
    // held in a local would be wrapped by tsx's keepNames helper (__name) at every call.
    if (section.kind === 'rowGroup' ? block.afterBlank || !open : !(open || (section.kind === 'heading' && section.number !== null && section.title.length >= 28 && !hasMoreWordsThan(line, 3)))) return false;
    if (hasMoreWordsThan(line, 6) || endsWithClauseMark(line) || !isHeadingLike(line.replace(STARTS_LOWER, (c) => c.toUpperCase()), this.cues, { maxWords: 6 })) return false;
    section.title = `${section.title} ${plainHeading(line)}`;
    section.heading.end = block.span.end;
    section.span.end = Math.max(section.span.end, block.span.end);
    return true;
  }

  /** Level of a numbered heading: its decimal depth, or one below the enclosing decimal section for "(2)". */
  private levelOf(depth: number, number: string, markdown = false): number {
    if (depth === 1) {
      // Numbering that restarts under a numbered part ("4 Economy", then "1. Strategic Dialogue", "2. …")
      // numbers its sub-headings, as Word's automatic "(1)" does once converted: one level down.
      const value = Number.parseInt(number, 10);
      const part = this.stack[0];
      const partValue = part?.number && /^\d/.test(part.number) ? Number.parseInt(part.number, 10) : NaN;
      const continuesSub = this.subNumber > 0 && this.subNumber === value - 1;
      const restarts = !markdown && (continuesSub || (value === 1 && value !== partValue + 1));
      if (part && part.level === 1 && !Number.isNaN(partValue) && !Number.isNaN(value) && restarts) {
        this.subNumber = value;
        this.restartNext = true;
        return part.level + 1;
      }
      this.subNumber = 0;
      return 1;
    }
    if (depth > 0) return depth;
    // "(2)" is a sibling of "(1)", or of a "1." that restarted under the same part; else one below its decimal part.
    const sibling = this.innermostSection((s) => s.number !== null && (s.number.startsWith('(') || this.restarted.has(s)));
    if (sibling) return sibling.level;
    const decimal = this.innermostSection((s) => s.number !== null && s.kind === 'heading' && !s.number.startsWith('('));
    return (decimal?.level ?? 0) + 1;
  }

  /** The innermost open section that passes the test, read from the top of the stack without copying it. */
  private innermostSection(test: (section: SectionNode) => boolean): SectionNode | undefined {
    for (let k = this.stack.length - 1; k >= 0; k--) if (test(this.stack[k]!)) return this.stack[k];
    return undefined;
  }

  private unnumberedLevel(hashes: number): number {
    // Run-in labels and part labels ("Section I") number their own kind only, not the unnumbered headings after them.
    const numbered = this.innermostSection((s) => s.number !== null && s.kind === 'heading' && !this.runIn.has(s) && !this.lettered.has(s) && !PART_LABEL.test(s.number));
    if (numbered) return numbered.level + 1;
    if (!this.hasNumberedHeadings && hashes) return hashes - this.minHashes + 1;
    return 1;
  }

  private markLabel(raw: string): void {
    const lower = raw.toLowerCase();
    this.inTable = true;
    this.inPartners = labelPatterns(this.cues).partnersOnly.test(lower.replace(/[\s*:]+/g, ''));
  }

  private openSection(span: Span, number: string | null, title: Span | null, level: number, kind: SectionNode['kind']): void {
    this.flushRow();
    this.lists = [];
    while (this.stack.length && this.stack[this.stack.length - 1]!.level >= level) this.closeSection(this.stack.pop()!);
    const section: SectionNode = {
      type: 'section',
      id: '',
      span: { start: span.start, end: span.end },
      heading: { start: span.start, end: span.end },
      number,
      title: title ? this.cleanTitle(title) : null,
      level,
      kind,
      children: [],
    };
    this.container.children.push(section);
    this.stack.push(section);
    if (this.restartNext) this.restarted.add(section);
    this.restartNext = false;
    this.bodySeen = true;
  }

  private cleanTitle(span: Span): string {
    const raw = this.slice(span);
    // Most headings are one cell: nothing to split or glue.
    if (!raw.includes('\t')) return withoutColon(plainHeading(raw.trim()));
    // Cells of a heading line split mid-word by PDF extraction are glued back ("Coope\teration" → "Cooperation").
    const joined = gluedCells(raw.split('\t').map((c) => c.trim()).filter(Boolean));
    // A run-in label keeps no colon: "**Quantum:**" → "Quantum".
    return withoutColon(plainHeading(joined.filter((c) => !isNoiseCell(c) || joined.length === 1).join(' ')));
  }

  private closeSection(section: SectionNode): void {
    const last = section.children[section.children.length - 1];
    if (last) section.span.end = Math.max(section.span.end, last.span.end);
  }

  // --- lists ----------------------------------------------------------------------------------

  private addItem(block: Extract<Block, { kind: 'item' }>, raw: string): void {
    const line = block.lines[0]!;
    const marker = line.marker!;
    const isNumberedMarker = marker.kind === 'parenNumber' || marker.kind === 'number';
    if (isNumberedMarker && block.lines.length <= 3 && !endsTerminal(raw) && isHeadingLike(raw, this.cues, { maxWords: 25 }) && !startsWithAction(raw, this.cues)) {
      // "- (1) Japan-Italy Foreign Ministry Strategic Dialogue": a numbered sub-heading written as a list item.
      this.openSection(block.span, marker.text, block.content, this.levelOf(0, marker.text), 'heading');
      return;
    }
    if (this.letteredRunIn(block, marker)) return;
    this.bodySeen = true;
    const item: ListItemNode = {
      type: 'listItem',
      id: '',
      span: copySpan(block.span),
      marker: marker.text,
      markerKind: marker.kind,
      content: copySpan(block.content),
      children: [this.paragraph(block.content, 'body')],
    };
    const indent = line.indent;
    // Find where the item belongs: nested under a lead-in ("…by:") or a less indented item, else a sibling.
    while (this.lists.length) {
      const open = this.lists[this.lists.length - 1]!;
      const leadIn = endsWithColon(this.text, open.item.content);
      const kindIsOpen = this.lists.some((l) => l.kind === marker.kind);
      // One column of indentation is noise in extracted text; two, or any under a lead-in ("…by:"), is nesting.
      const deeper = indent >= open.indent + 2 || (leadIn && indent > open.indent);
      if (deeper || (leadIn && marker.kind !== open.kind && !kindIsOpen)) {
        if (this.lists.length >= MAX_LIST_DEPTH) {
          this.flattenInto(open, item);
          return;
        }
        const nested: ListNode = { type: 'list', id: '', span: copySpan(item.span), children: [item] };
        open.item.children.push(nested);
        this.extend(open.item.span, item.span);
        this.lists.push({ list: nested, item, indent, kind: marker.kind });
        this.extendOpenLists(item.span);
        return;
      }
      const exactBelow = this.lists.some((l) => l !== open && l.indent === indent);
      const sameColumn = indent === open.indent || (Math.abs(indent - open.indent) <= 1 && !exactBelow);
      if (sameColumn && (marker.kind === open.kind || !kindIsOpen)) {
        open.list.children.push(item);
        open.item = item;
        open.kind = marker.kind;
        this.extendOpenLists(item.span);
        return;
      }
      this.lists.pop();
    }
    const list: ListNode = { type: 'list', id: '', span: copySpan(item.span), children: [item] };
    this.pushBlock(list);
    this.lists.push({ list, item, indent, kind: marker.kind });
  }

  /**
   * A lettered item opened by a bold run-in label ("-   a\. **Project selection:** The Participants…",
   * "(b) **Financing:** …") is a sub-heading one level below the section it is in, and a sibling of the lettered labels
   * before it (spec §3: a bold run-in label is a section, the text after it one commitment). The number is kept as
   * printed, without the Markdown escape ("a."). Only a bold label counts: "(a) Energy: Promote …" stays an item.
   */
  private letteredRunIn(block: Extract<Block, { kind: 'item' }>, marker: NonNullable<Line['marker']>): boolean {
    const content = this.slice(block.content);
    let number = marker.text.trim();
    let rest = 0;
    if (marker.kind !== 'letter' && marker.kind !== 'parenLetter') {
      const m = LETTER_PREFIX.exec(content);
      if (!m) return false;
      number = m[1]!.replace('\\', '');
      rest = m[0].length;
    }
    const label = runInLabel(content.slice(rest));
    if (!label || !this.headingShaped(label.label)) return false;
    const labelStart = block.content.start + rest;
    const heading = { start: block.span.start, end: labelStart + label.end };
    const top = this.stack[this.stack.length - 1];
    const level = top ? (this.lettered.has(top) ? top.level : top.level + 1) : 1;
    this.openSection(heading, number, { start: labelStart, end: heading.end }, level, 'heading');
    this.lettered.add(this.stack[this.stack.length - 1]!);
    const body = trimSpan(this.text, { start: heading.end, end: block.span.end });
    if (body.end > body.start) this.pushBlock(this.paragraph(body, 'body'));
    return true;
  }

  /** An item past MAX_LIST_DEPTH becomes a sibling of the deepest open item (its indentation is kept as it was). */
  private flattenInto(open: OpenList, item: ListItemNode): void {
    open.list.children.push(item);
    open.item = item;
    this.extendOpenLists(item.span);
  }

  private extend(span: Span, by: Span): void {
    span.end = Math.max(span.end, by.end);
  }

  private extendOpenLists(by: Span): void {
    for (const open of this.lists) {
      this.extend(open.list.span, by);
      this.extend(open.item.span, by);
    }
  }

  // --- tables ---------------------------------------------------------------------------------

  private addTableLine(block: Extract<Block, { kind: 'tab' }>): void {
    const line = block.lines[0]!;
    const raw = this.slice(block.span);
    const cells = cellsOf(this.text, line);
    const glued = gluedCells(cells.map((c) => this.slice(c)));
    if (isLabel(raw, this.cues) || glued.every((c) => isLabel(c, this.cues) || isShortLowerWord(c))) {
      this.markLabel(raw);
      this.pushBlock(this.paragraph(block.span, 'label'));
      return;
    }
    const numbered = this.numberedHeading(block);
    if (numbered) return this.openNumbered(block.span, numbered);
    const labels = labelPatterns(this.cues);
    // Read in turn, each only when the ones before it fail: most table lines are none of them.
    // A tab opening the line reads as a space once tabs are replaced.
    const first = raw.charCodeAt(0);
    const opensLabel = labels.mayOpen(first) || (first === 9 && labels.mayOpen(32));
    if ((opensLabel && (labels.partners.test(raw) || labels.field.test(raw) || (raw.includes('\t') && raw.includes(':') && labels.field.test(raw.replace(/\t/g, ' '))))) || (this.inPartners && this.isPartnersField(glued.join(' '), cells))) {
      if (labels.partners.test(raw)) this.inPartners = true;
      // A partners line that runs on into the table ("… Objectives Gender equality … Promote …") keeps its tail.
      const tail = labels.column.exec(raw);
      if (!tail) {
        this.pushBlock(this.paragraph(block.span, 'field'));
        return;
      }
      const cut = block.span.start + tail.index + tail[0].length;
      this.pushBlock(this.paragraph({ start: block.span.start, end: block.span.start + tail.index }, 'field'));
      this.inPartners = false;
      const rest = [{ start: cut, end: cells.find((c) => c.end > cut)?.end ?? block.span.end }, ...cells.filter((c) => c.start > cut)];
      this.addRow({ start: cut, end: block.span.end }, rest.filter((c) => !isNoiseCell(this.slice(c))).map((c) => cellOf(this.text, c)));
      return;
    }
    const parts = this.columnsOf(line);
    if (this.pendingRow && !block.afterBlank && this.continuesRow(this.pendingRow, parts)) {
      this.queueRow(block.span, parts, true);
      return;
    }
    const title = this.rowGroupTitle(cells);
    if (title) {
      this.openSection(block.span, null, title, this.unnumberedLevel(0), 'rowGroup');
      this.inTable = true;
      this.extendTitle = true;
      return;
    }
    this.queueRow(block.span, parts, false);
  }

  /** Inside "Main partners", a field ("Denmark: …") or a line naming bodies ("(Danish Maritime Authority)"), not a row group. */
  private isPartnersField(line: string, cells: Span[]): boolean {
    return fieldName(line) !== null || NAMES_BODIES.test(line) || !this.rowGroupTitle(cells);
  }

  /** A line whose only meaningful cell is a heading: a row-group label such as "Bilateral level\t\t". */
  private rowGroupTitle(cells: Span[]): Span | null {
    // Cells with a word split across them glued back (see gluedCells), read in one pass: each glued cell is judged
    // when the next cell does not go on it, and the second one that is not noise settles the answer.
    let only: Span | null = null;
    let start = -1;
    let end = -1;
    for (let k = 0; k <= cells.length; k++) {
      const cell = cells[k];
      if (cell && start >= 0 && startsLower(this.slice(cell)) && endsWithLetter(this.text.slice(start, end))) {
        end = cell.end;
        continue;
      }
      if (start >= 0) {
        let from = start;
        let to = end;
        while (from < to && isWhiteSpace(this.text.charCodeAt(from))) from++;
        while (to > from && isWhiteSpace(this.text.charCodeAt(to - 1))) to--;
        if (!isNoiseSpan(this.text, from, to)) {
          if (only) return null;
          only = { start, end };
        }
      }
      if (cell) {
        start = cell.start;
        end = cell.end;
      }
    }
    if (!only) return null;
    const text = this.slice(only).replace(/\t/g, '');
    // A two-word label may start with a verb-like word ("Open innovation"); a longer one would be an action.
    const short = !hasMoreWordsThan(text, 2) && !endsWithClauseMark(text);
    const headingLike = isHeadingLike(text, this.cues, { maxWords: 10 }) || (short && STARTS_UPPER.test(text));
    return headingLike && !isLabel(text, this.cues) ? only : null;
  }

  /** Cells of a table line with their column: "\tdialogue including" is column 1 of a wrapped row. */
  private columnsOf(line: Line): Parts {
    const text = this.text;
    // /^[ \f]*\t/ on the line: spaces and form feeds, then a tab.
    let lead = line.start;
    while (lead < line.end && (text.charCodeAt(lead) === 32 || text.charCodeAt(lead) === 12)) lead++;
    const parts: Parts = Object.assign([], { startsEmpty: lead < line.end && text.charCodeAt(lead) === 9 });
    let column = 0;
    for (let from = line.start; from <= line.end; column++) {
      const tab = text.indexOf('\t', from);
      const end = tab < 0 || tab > line.end ? line.end : tab;
      const span = trimSpan(text, { start: from, end });
      if (span.start < span.end && !isNoiseSpan(text, span.start, span.end)) parts.push({ column, span });
      from = end + 1;
    }
    return parts;
  }

  /**
   * Queues a table line: lines of one wrapped row are joined column by column before the row is built. `continues`:
   * the line goes on the pending row (continuesRow, asked once by the caller).
   */
  private queueRow(span: Span, parts: Parts, continues: boolean): void {
    if (!parts.length) return;
    const pending = this.pendingRow;
    if (pending && continues) {
      pending.lines.push(parts);
      pending.span.end = span.end;
    } else {
      this.flushRow();
      this.pendingRow = { span: copySpan(span), lines: [parts] };
    }
    // "…of all ranges. Legal cooperation": a label run onto the line ends the row.
    this.pendingRow!.closed = parts.some((p) => this.endsWithLabel(this.slice(p.span)) !== null);
  }

  /** The heading-like words after the last sentence of a cell ("… ranges. Legal cooperation" → "Legal cooperation"). */
  private endsWithLabel(text: string): string | null {
    // Neither the label nor the space before it holds ".", "!" or "?": only the last of them can start the match.
    TRAILING_LABEL.lastIndex = trailingLabelMark(text);
    const trailing = TRAILING_LABEL.lastIndex >= 0 ? TRAILING_LABEL.exec(text) : null;
    return trailing && isHeadingLike(trailing[1]!, this.cues, { maxWords: 5 }) ? trailing[1]! : null;
  }

  /** A line goes on the row above when it starts in a later column or continues a cell left unfinished. */
  private continuesRow(pending: PendingRow, parts: Parts): boolean {
    const last = pending.lines[pending.lines.length - 1]!;
    if (pending.closed || !parts.length) return false;
    // A line that starts with a tab holds only later columns of the row above.
    if (parts[0]!.column > 0 && parts.startsEmpty && last.length) return true;
    if (parts.length > 1) return parts.some((p) => this.unfinishedAbove(last, p) !== null);
    // One cell alone could as well be the next row-group label: it continues only a visibly cut cell.
    const above = this.unfinishedAbove(last, parts[0]!);
    return above !== null && (startsLower(this.slice(parts[0]!.span)) || /(?:[-‐,]|\b(?:and|or|of|the|to|in|for|with|on|a|an))$/.test(above));
  }

  /** The text of the cell above `part` in the same column when it is not finished, else null. */
  private unfinishedAbove(last: Parts, part: Part): string | null {
    const above = last.find((q) => q.column === part.column);
    return above !== undefined && !endsTerminal(this.slice(above.span)) ? this.slice(above.span) : null;
  }

  private flushRow(): void {
    const pending = this.pendingRow;
    if (!pending) return;
    this.pendingRow = null;
    // The spans of each column, indexed by the column: a row has a few columns, counted from 0.
    const columns: Span[][] = [];
    for (const line of pending.lines) {
      for (const part of line) {
        const spans = columns[part.column];
        if (spans) spans.push(part.span);
        else columns[part.column] = [part.span];
      }
    }
    const cells: Cell[] = [];
    for (const spans of columns) if (spans) cells.push(joinPieces(this.text, spans));
    this.addRow(pending.span, cells);
  }

  private addRow(span: Span, cells: Cell[]): void {
    if (!cells.length) return;
    // "Objectives Culture Strengthen…": a column label left at the start of the first cell.
    const label = this.labelPrefix.exec(cells[0]!.text);
    if (label) cells[0] = sliceCell(cells[0]!, label[0].length, cells[0]!.text.length);
    // "Culture Strengthen cultural cooperation…": a row-group label run into its first cell.
    const runOn = this.inTable ? this.leadingLabel(cells[0]!.text) : 0;
    if (runOn) {
      const heading = spanOf(cells[0]!, 0, runOn);
      this.openSection(heading, null, heading, this.unnumberedLevel(0), 'rowGroup');
      cells[0] = trimCell(sliceCell(cells[0]!, runOn, cells[0]!.text.length));
    }
    // "…of all ranges. Legal cooperation": the next row group's label run onto the end of this row.
    let trailingLabel: Span | null = null;
    cells.forEach((cell, i) => {
      const label = trailingLabel ? null : this.endsWithLabel(cell.text);
      if (!label) return;
      const at = cell.text.length - label.length;
      trailingLabel = spanOf(cell, at, cell.text.length);
      cells[i] = trimCell(sliceCell(cell, 0, at));
    });
    this.inTable = true;
    this.bodySeen = true;
    // The row covers its cells (those with more than white space); a label cut off its start belongs to no row.
    const children: TableCellNode[] = [];
    const rowSpan = { start: Infinity, end: span.end };
    for (const cell of cells) {
      if (isBlank(cell.text)) continue;
      const node = this.cellNode(cell);
      children.push(node);
      rowSpan.start = Math.min(rowSpan.start, node.span.start);
      rowSpan.end = Math.max(rowSpan.end, node.span.end);
    }
    if (!children.length) return;
    const row: TableRowNode = { type: 'tableRow', id: '', span: rowSpan, children };
    const container = this.container;
    const previous = container.children[container.children.length - 1];
    if (previous && previous.type === 'table') {
      previous.children.push(row);
      this.extend(previous.span, row.span);
      for (const section of this.stack) this.extend(section.span, row.span);
    } else {
      this.pushBlock({ type: 'table', id: '', span: copySpan(row.span), children: [row] });
    }
    if (trailingLabel) this.openSection(trailingLabel, null, trailingLabel, this.unnumberedLevel(0), 'rowGroup');
  }

  private cellNode(cell: Cell): TableCellNode {
    const reassembled = isReassembled(cell);
    const sentences = splitSentences(cell.text, { start: 0, end: cell.text.length }, this.cues, { splitRunOns: true });
    const node: TableCellNode = {
      type: 'tableCell',
      id: '',
      span: spanOf(cell, 0, cell.text.length),
      children: sentences.map((s): SentenceNode => {
        const sentence: SentenceNode = { type: 'sentence', id: '', span: spanOf(cell, s.start, s.end) };
        if (reassembled) sentence.data = { text: cell.text.slice(s.start, s.end) };
        return sentence;
      }),
    };
    if (reassembled) node.data = { text: cell.text };
    return node;
  }

  /** Length of a row-group label run into a cell ("Culture Strengthen…" → 7), or 0. */
  private leadingLabel(text: string): number {
    // The label opens with a capital: any other ASCII first character rules it out before the pattern's backtracking.
    const first = text.charCodeAt(0);
    if (first < 128 && !(first >= 65 && first <= 90)) return 0;
    const found = leadingLabelAndVerb(text);
    if (!found) return 0;
    const verbs = actionVerbSet(this.cues);
    const label = text.slice(0, found.labelEnd);
    if (!verbs.has(text.slice(found.labelEnd + 1, found.verbEnd).toLowerCase()) || startsWithAction(label, this.cues)) return 0;
    if (label.toLowerCase().split(' ').some((w) => verbs.has(w))) return 0;
    return label.length;
  }

  // --- blocks ---------------------------------------------------------------------------------

  private pushBlock(node: BlockNode): void {
    this.flushRow();
    if (node.type !== 'list') this.lists = [];
    const container = this.container;
    container.children.push(node);
    for (const section of this.stack) this.extend(section.span, node.span);
  }

  private paragraph(span: Span, role: ParagraphNode['role']): ParagraphNode {
    return {
      type: 'paragraph',
      id: '',
      span: copySpan(span),
      role,
      children: role === 'body' ? this.sentences(span, this.inTable) : [],
    };
  }

  private sentences(span: Span, splitRunOns: boolean): SentenceNode[] {
    const spans = splitSentences(this.text, span, this.cues, { splitRunOns });
    const nodes: SentenceNode[] = [];
    for (const s of spans) nodes.push({ type: 'sentence', id: '', span: s });
    return nodes;
  }
}

/** Stray bits of a flattened table: page numbers, bullets, OCR debris ("1", "• • •", "Ми", "vitv"). */
function isNoiseCell(text: string): boolean {
  const { start, end } = trimSpan(text, { start: 0, end: text.length });
  return isNoiseSpan(text, start, end);
}

/** isNoiseCell of `text[start, end)`, which has no white space at either end: read in place, sliced only when short. */
function isNoiseSpan(text: string, start: number, end: number): boolean {
  if (isDebris(text, start, end)) return true;
  const length = end - start;
  if (length <= 2) return !(length === 2 && isAsciiUpper(text.charCodeAt(start)) && isAsciiUpper(text.charCodeAt(start + 1)));
  return length <= 4 && ALL_LOWER.test(text.slice(start, end));
}

/** /^[\d\s•●▪◦*.\-–]+$/u on `text[start, end)` by char code: digits, white space, bullets, stars, dots and dashes only. */
function isDebris(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const debris =
      (code >= 48 && code <= 57) || code === 42 || code === 46 || code === 45 || code === 0x2013 || code === 0x2022 ||
      code === 0x25cf || code === 0x25aa || code === 0x25e6 || isWhiteSpace(code);
    if (!debris) return false;
  }
  return end > start;
}

const labelPrefixByCues = new WeakMap<Cues, RegExp>();

function labelPrefixPattern(cues: Cues): RegExp {
  let pattern = labelPrefixByCues.get(cues);
  if (!pattern) {
    pattern = new RegExp(`^(?:${cues.labels.map(escapeRegExp).join('|')})\\s+(?=\\p{Lu})`, 'iu');
    labelPrefixByCues.set(cues, pattern);
  }
  return pattern;
}

/**
 * The offset of the last ".", "!" or "?" in the text when only white space and characters of a label ([\p{L}'’ -])
 * follow it, as TRAILING_LABEL needs; else -1. Read backwards, stopping at the first ASCII character that neither is
 * (a digit, a comma, a bracket): most cells end far from their last mark, if they have one.
 */
function trailingLabelMark(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code === 46 || code === 33 || code === 63) return i;
    // Outside ASCII, the pattern decides.
    if (code < 128 && !((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 32 || code === 39 || code === 45 || (code >= 9 && code <= 13))) return -1;
  }
  return -1;
}

// A short capitalized label after the last sentence of a cell: "… in 2025. Main partners".
const TRAILING_LABEL = /[.!?]\s+(\p{Lu}[\p{L}'’ -]{2,60})$/uy;

const titleWordByCues = new WeakMap<Cues, RegExp>();

/** Any title word as a whole word ("… action plan (2024-2027)" has `plan`): one alternation, compiled once per vocabulary. */
function titleWordPattern(cues: Cues): RegExp {
  let pattern = titleWordByCues.get(cues);
  if (!pattern) {
    pattern = new RegExp(`(?:^|[^\\p{L}])(?:${cues.titleWords.map((w) => `(?:${w})`).join('|')})(?:$|[^\\p{L}])`, 'u');
    titleWordByCues.set(cues, pattern);
  }
  return pattern;
}

/** A test on one line of text. */
export interface LineTest {
  test(line: string): boolean;
}

const boilerplateByCues = new WeakMap<Cues, LineTest | null>();

/**
 * The furniture lines of the vocabulary (cues.json boilerplate) as one test, compiled once. The patterns anchored
 * at the line start ("^back to") are one alternation the engine tries at offset 0 only; mixed with the others
 * ("copyright|©") it would try all of them at every offset of every short line.
 */
export function boilerplatePattern(cues: Cues): LineTest | null {
  if (!boilerplateByCues.has(cues)) {
    const patterns = cues.boilerplate ?? [];
    const alternation = (list: string[]) => list.map((p) => `(?:${p})`).join('|');
    const anchored = patterns.filter(isAnchored);
    const floating = patterns.filter((p) => !isAnchored(p));
    const atStart = anchored.length ? new RegExp(`^(?:${alternation(anchored)})`, 'iu') : null;
    const anywhere = floating.length ? new RegExp(alternation(floating), 'iu') : null;
    boilerplateByCues.set(cues, patterns.length ? { test: (line) => (atStart?.test(line) ?? false) || (anywhere?.test(line) ?? false) } : null);
  }
  return boilerplateByCues.get(cues) ?? null;
}

/** Whether a pattern can match only at the start: it opens with "^" and has no "|" outside groups and classes ("^a|b" has). */
function isAnchored(pattern: string): boolean {
  if (!pattern.startsWith('^')) return false;
  let depth = 0;
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A class ends at the first unescaped "]" (under the u flag a class holds no nested class).
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return true;
}

/** Whether the span ends on ":", trailing white space aside (a lead-in: "…by holding:"). */
function endsWithColon(text: string, span: Span): boolean {
  let end = span.end;
  while (end > span.start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end > span.start && text.charCodeAt(end - 1) === 58;
}

/** /[.;:]$/ by the last character: the pattern, anchored at the end only, is tried at every offset. */
function endsWithClauseMark(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 46 || last === 59 || last === 58;
}

/** Whether the text is empty or white space only (what `!text.trim()` finds, without the copy). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhiteSpace(text.charCodeAt(i))) return false;
  return true;
}

/** A span of its own with the same offsets (what `{ ...span }` makes, without the generic copy). */
function copySpan(span: Span): Span {
  return { start: span.start, end: span.end };
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Cells with a word split across them glued back: ["Ma", "in partners"] → ["Main partners"]. */
function gluedCells(cells: string[]): string[] {
  const out: string[] = [];
  // The last piece, not the glued cell, is tested: testing a growing concatenation flattens it each time,
  // which made a row of 100,000 glued cells quadratic. Both end the same way.
  let last = '';
  for (const cell of cells) {
    if (out.length && startsLower(cell) && endsWithLetter(last)) out[out.length - 1] += cell;
    else out.push(cell);
    last = cell;
  }
  return out;
}

/** /\p{L}$/u by the last code point alone: the pattern, anchored at the end only, is tried at every offset. */
function endsWithLetter(text: string): boolean {
  let at = text.length - 1;
  if (at < 0) return false;
  const code = text.charCodeAt(at);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  // A surrogate pair is one code point (a lone surrogate is no letter).
  if (code >= 0xdc00 && code <= 0xdfff && at > 0) {
    const high = text.charCodeAt(at - 1);
    if (high >= 0xd800 && high <= 0xdbff) at--;
  }
  return LETTER.test(String.fromCodePoint(text.codePointAt(at)!));
}

/**
 * Whether the text's first character other than white space is "*", "_" or "<": what emphasizedText and runInLabel
 * need there (inline tags aside, which are stripped), of the block and of its first line, which opens the same way.
 */
function opensEmphasis(text: string): boolean {
  let i = 0;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  const code = text.charCodeAt(i);
  return code === 42 || code === 95 || code === 60;
}

/** The text without a trailing colon and the white space before it: "Quantum :" → "Quantum". */
function withoutColon(text: string): string {
  // The pattern, anchored at the end only, would be tried at every offset: most texts have no colon to drop.
  return text.endsWith(':') ? text.replace(/\s*:$/, '') : text;
}

// Punctuation of a name list, or a word naming a public body: "(Danish Maritime Authority)", "Ministry of …".
const NAMES_BODIES = /[():,]|\b(ministry|agency|authority|office|council|commission|cabinet|embassy|government)\b/i;

// A letter or digit anywhere: a line of words, not of bare markup ("*<u>").
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

// A part label alone on its line: "Section I", "Part 2", "Chapter III", "Annex A", "ARTICLE IV".
// A letter that numbers an item after its bullet: "a\\. ", "b) ", "(c) " (Markdown escapes the dot of "a.").
const LETTER_PREFIX = /^(\([a-z]\)|[a-z]\\?[.)])[ \t]+/;
const PART_LABEL = /^(?:Section|Part|Chapter|Annex|Title|Article|SECTION|PART|CHAPTER|ANNEX|ARTICLE)\s+(?:[IVXLC]{1,6}|\d{1,2}|[A-Z])$/;

// Module constants: tsx turns a Unicode property pattern written inside a function into a RegExp built at every call.
const STARTS_LOWER = /^\p{Ll}/u;

/** /^\p{Ll}/u, an ASCII first character read by char code: asked of most cells and lines. */
function startsLower(text: string): boolean {
  const code = text.charCodeAt(0);
  return code < 128 ? code >= 97 && code <= 122 : STARTS_LOWER.test(text);
}

/** SHORT_LOWER_WORD, ruled out by an ASCII first character other than a lower-case letter without the pattern. */
function isShortLowerWord(text: string): boolean {
  const code = text.charCodeAt(0);
  return (code < 128 ? code >= 97 && code <= 122 : true) && SHORT_LOWER_WORD.test(text);
}
const STARTS_UPPER = /^\p{Lu}/u;
const LETTER = /^\p{L}$/u;
const ALL_LOWER = /^\p{Ll}+$/u;
// A cell of a lower-case word only: the tail of a label wrapped across cells ("Ma\tin partners").
const SHORT_LOWER_WORD = /^\p{Ll}{1,10}$/u;

const actionVerbsByCues = new WeakMap<Cues, Set<string>>();

/** The action verbs of the vocabulary as a set, made once. */
function actionVerbSet(cues: Cues): Set<string> {
  let verbs = actionVerbsByCues.get(cues);
  if (!verbs) {
    verbs = new Set(cues.actionVerbs);
    actionVerbsByCues.set(cues, verbs);
  }
  return verbs;
}

/**
 * "Culture Strengthen …": up to six words of a label, then a capitalized verb and a space. Where the label ends (the
 * verb starts one after it) and the verb ends, or null: what
 * /^((?:[\p{Lu}][\p{L}'’-]*)(?: [\p{L}'’-]+){0,5}?) (\p{Lu}[\p{Ll}-]+) /u finds, read by code point. Every word is a whole
 * run of its characters (the space after it cannot be one), so the fewest label words before a verb are tried first.
 */
function leadingLabelAndVerb(text: string): { labelEnd: number; verbEnd: number } | null {
  const first = capitalWidth(text, 0);
  if (!first) return null;
  let i = runOf(text, first, isLabelWordChar);
  for (let words = 1; ; words++) {
    if (text.charCodeAt(i) !== 32) return null;
    const capital = capitalWidth(text, i + 1);
    if (capital) {
      const verbEnd = runOf(text, i + 1 + capital, isLowerOrHyphen);
      if (verbEnd > i + 1 + capital && text.charCodeAt(verbEnd) === 32) return { labelEnd: i, verbEnd };
    }
    if (words === 6) return null;
    const wordEnd = runOf(text, i + 1, isLabelWordChar);
    if (wordEnd === i + 1) return null;
    i = wordEnd;
  }
}

/** The end of the run of code points from `start` that `inRun` accepts (`start` itself when none is). */
function runOf(text: string, start: number, inRun: (code: number) => boolean): number {
  let i = start;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    if (!inRun(code)) break;
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}

/** The UTF-16 length of the code point at `at` when it is a capital (\p{Lu}), else 0. */
function capitalWidth(text: string, at: number): number {
  if (at >= text.length) return 0;
  const code = text.codePointAt(at)!;
  if (code < 128) return code >= 65 && code <= 90 ? 1 : 0;
  return CAPITAL.test(String.fromCodePoint(code)) ? (code > 0xffff ? 2 : 1) : 0;
}

/** [\p{L}'’-] of one code point: a character of a label's word. */
function isLabelWordChar(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 39 || code === 45;
  return code === 0x2019 || LETTER.test(String.fromCodePoint(code));
}

/** [\p{Ll}-] of one code point: a character of a verb after its capital. */
function isLowerOrHyphen(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || code === 45;
  return LOWER.test(String.fromCodePoint(code));
}

const CAPITAL = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
