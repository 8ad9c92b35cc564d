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
import { scanLines } from './lines.js';
import { groupBlocks, endsTerminal, sentenceLike, type Block } from './blocks.js';
import { fieldName, isHeadingLike, isLabel, opensSignature, plainHeading, sectionNumber, startsWithAction } from './headings.js';
import { splitSentences } from './sentences.js';
import { assignIds } from './ids.js';

export { walk, textOf } from './ids.js';

type Container = RootNode | SectionNode;

interface OpenList {
  list: ListNode;
  item: ListItemNode;
  indent: number;
  kind: MarkerKind | null;
}

/** Builds the document tree of an ingested document. Pure and linear in the text length. */
export function buildTree(document: Pick<IngestedDocument, 'text'>, cues: Cues = loadVocabulary().cues): RootNode {
  return new TreeBuilder(document.text, cues).build();
}

class TreeBuilder {
  private readonly root: RootNode;
  private readonly stack: SectionNode[] = [];
  private lists: OpenList[] = [];
  /** Top-level section numbers already opened, to ignore a repeated running header such as "2 Energy". */
  private readonly seenTopNumbers = new Set<string>();
  private hasNumberedHeadings = false;
  private minHashes = 7;
  private titleDone = false;
  private bodySeen = false;
  private inTable = false;
  private inPartners = false;
  private inSignature = false;
  private title: ParagraphNode | null = null;

  constructor(
    private readonly text: string,
    private readonly cues: Cues,
  ) {
    this.root = { type: 'root', id: 'root', span: { start: 0, end: text.length }, children: [] };
  }

  build(): RootNode {
    const blocks = groupBlocks(this.text, scanLines(this.text), boilerplatePattern(this.cues));
    this.hasNumberedHeadings = blocks.some((b) => b.kind !== 'tab' && b.lines.length <= 3 && this.numberedHeading(b) !== null);
    for (const b of blocks) if (b.kind === 'md') this.minHashes = Math.min(this.minHashes, b.lines[0]!.hashes);
    blocks.forEach((block, i) => this.add(block, blocks[i + 1]));
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
    const titleLike = (block.kind === 'text' || block.kind === 'md') && !endsTerminal(raw) && raw.length < 300 && !this.numberedHeading(block);
    if (!this.titleDone) {
      this.titleDone = true;
      if (titleLike) {
        this.title = this.paragraph(block.span, 'title');
        this.pushBlock(this.title);
        return;
      }
    }
    // Site furniture may come first ("Ministry of Foreign Affairs of Japan"); the line naming the document's kind is its title.
    if (titleLike && !this.bodySeen && this.stack.length === 0 && this.title && this.namesKind(raw) && !this.namesKind(this.slice(this.title.span))) {
      this.title.role = 'label';
      this.title = this.paragraph(block.span, 'title');
      this.pushBlock(this.title);
      return;
    }
    if (!this.bodySeen && this.stack.length === 0 && block.kind === 'text' && !endsTerminal(raw) && raw.split(/\s+/).length > 12) {
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

  private namesKind(text: string): boolean {
    const lower = text.toLowerCase();
    return this.cues.titleWords.some((w) => new RegExp(`(?:^|[^\\p{L}])${w}(?:$|[^\\p{L}])`, 'u').test(lower));
  }

  // --- headings -------------------------------------------------------------------------------

  private numberedHeading(block: Block): { number: string; depth: number; title: Span | null } | null {
    const content = block.kind === 'md' || block.kind === 'item' ? block.content : block.span;
    const text = this.slice(content);
    const found = sectionNumber(text);
    if (!found) return null;
    const titleStart = content.start + found.rest;
    const title = plainHeading(this.text.slice(titleStart, content.end).replace(/\t/g, ' '));
    if (!isHeadingLike(title, this.cues, { maxWords: 25 })) return null;
    return { number: found.number, depth: found.depth, title: { start: titleStart, end: content.end } };
  }

  private addText(block: Extract<Block, { kind: 'text' | 'md' }>, raw: string, next: Block | undefined): void {
    const singleLine = block.lines.length === 1;
    // A numbered heading may wrap onto a second or third line in text extracted from PDF.
    const numbered = block.lines.length <= 3 ? this.numberedHeading(block) : null;
    if (numbered) return this.openNumbered(block.span, numbered);
    const leadNumber = sectionNumber(raw);
    if (leadNumber && sentenceLike(raw) && next?.kind === 'item') {
      // "2.1. The Governments will make efforts to … by:" followed by items: a section without a title.
      const depth = leadNumber.depth;
      this.openSection(block.span, leadNumber.number, null, depth, 'heading');
      const content = { start: block.span.start + leadNumber.rest, end: block.span.end };
      this.pushBlock(this.paragraph(content, 'body'));
      return;
    }
    if (isLabel(raw, this.cues)) {
      this.markLabel(raw);
      this.pushBlock(this.paragraph(block.span, 'label'));
      return;
    }
    if (/^(area|areas) of focus\s*:/i.test(raw) || /^main partners\b/i.test(raw)) {
      if (/^main partners\b/i.test(raw)) this.inPartners = true;
      this.pushBlock(this.paragraph(block.span, 'field'));
      return;
    }
    const heading = raw.length > 240 ? raw : plainHeading(raw);
    const maxWords = block.kind === 'md' ? 20 : 12;
    // A plain line followed straight by another heading-like line is furniture ("Page Top", "Back to Europe").
    const nextIsHeadingLine =
      block.kind === 'text' && next?.kind === 'text' && next.lines.length === 1 && isHeadingLike(this.slice(next.span), this.cues, { maxWords: 12 });
    if (singleLine && next && !nextIsHeadingLine && !(this.inPartners && fieldName(raw)) && isHeadingLike(heading, this.cues, { maxWords })) {
      const level = this.unnumberedLevel(block.kind === 'md' ? block.lines[0]!.hashes : 0);
      this.openSection(block.span, null, block.kind === 'md' ? block.content : block.span, level, this.inTable ? 'rowGroup' : 'heading');
      this.inPartners = false;
      return;
    }
    if (this.inPartners) {
      this.pushBlock(this.paragraph(block.span, 'field'));
      return;
    }
    this.bodySeen = true;
    this.pushBlock(this.paragraph(block.span, 'body'));
  }

  private openNumbered(span: Span, numbered: { number: string; depth: number; title: Span | null }): void {
    const top = numbered.number.replace(/\.$/, '');
    if (numbered.depth === 1 && this.seenTopNumbers.has(top) && this.stack.length > 1) {
      this.pushBlock(this.paragraph(span, 'label')); // a running header repeating "2 Energy" inside 2.2
      return;
    }
    if (numbered.depth === 1) this.seenTopNumbers.add(top);
    this.openSection(span, numbered.number, numbered.title, this.levelOf(numbered.depth), 'heading');
    this.inTable = false;
    this.inPartners = false;
  }

  /** Level of a numbered heading: its decimal depth, or one below the enclosing decimal section for "(2)". */
  private levelOf(depth: number): number {
    if (depth > 0) return depth;
    const decimal = [...this.stack].reverse().find((s) => s.number !== null && s.kind === 'heading' && !s.number.startsWith('('));
    return (decimal?.level ?? 0) + 1;
  }

  private unnumberedLevel(hashes: number): number {
    const numbered = [...this.stack].reverse().find((s) => s.number !== null && s.kind === 'heading');
    if (numbered) return numbered.level + 1;
    if (!this.hasNumberedHeadings && hashes) return hashes - this.minHashes + 1;
    return 1;
  }

  private markLabel(raw: string): void {
    const lower = raw.toLowerCase();
    this.inTable = true;
    this.inPartners = /partners/.test(lower) && !/objective|action/.test(lower);
  }

  private openSection(span: Span, number: string | null, title: Span | null, level: number, kind: SectionNode['kind']): void {
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
    this.bodySeen = true;
  }

  private cleanTitle(span: Span): string {
    // Cells of a heading line split mid-word by PDF extraction are glued back ("Coope\teration" → "Cooperation").
    const cells = this.slice(span).split('\t').map((c) => c.trim()).filter(Boolean);
    const joined: string[] = [];
    for (const cell of cells) {
      if (joined.length && /^\p{Ll}/u.test(cell) && /\p{L}$/u.test(joined[joined.length - 1]!)) joined[joined.length - 1] += cell;
      else joined.push(cell);
    }
    return plainHeading(joined.filter((c) => !isNoiseCell(c) || joined.length === 1).join(' '));
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
      this.openSection(block.span, marker.text, block.content, this.levelOf(0), 'heading');
      return;
    }
    this.bodySeen = true;
    const item: ListItemNode = {
      type: 'listItem',
      id: '',
      span: { ...block.span },
      marker: marker.text,
      markerKind: marker.kind,
      content: { ...block.content },
      children: [this.paragraph(block.content, 'body')],
    };
    const indent = line.indent;
    // Find where the item belongs: nested under a lead-in ("…by:") or a less indented item, else a sibling.
    while (this.lists.length) {
      const open = this.lists[this.lists.length - 1]!;
      const leadIn = this.slice(open.item.content).trimEnd().endsWith(':');
      const kindIsOpen = this.lists.some((l) => l.kind === marker.kind);
      // One column of indentation is noise in extracted text; two, or any under a lead-in ("…by:"), is nesting.
      const deeper = indent >= open.indent + 2 || (leadIn && indent > open.indent);
      if (deeper || (leadIn && marker.kind !== open.kind && !kindIsOpen)) {
        const nested: ListNode = { type: 'list', id: '', span: { ...item.span }, children: [item] };
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
    const list: ListNode = { type: 'list', id: '', span: { ...item.span }, children: [item] };
    this.pushBlock(list);
    this.lists.push({ list, item, indent, kind: marker.kind });
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
    const glued = gluedCells(line.cells.map((c) => this.slice(c)));
    if (isLabel(raw, this.cues) || glued.every((c) => isLabel(c, this.cues) || /^\p{Ll}{1,10}$/u.test(c))) {
      this.markLabel(raw);
      this.pushBlock(this.paragraph(block.span, 'label'));
      return;
    }
    const numbered = this.numberedHeading(block);
    if (numbered) return this.openNumbered(block.span, numbered);
    let cells = line.cells;
    const flat = raw.replace(/\t/g, ' ');
    const gluedLine = glued.join(' ');
    // Inside "Main partners", lines naming bodies ("(Danish Maritime Authority)") are fields, not row groups.
    const namesBodies = /[():,]|\b(ministry|agency|authority|office|council|commission|cabinet|embassy|government)\b/i.test(gluedLine);
    const partnersField = this.inPartners && (fieldName(gluedLine) !== null || namesBodies || !this.rowGroupTitle(cells));
    if (/^main partners\b/i.test(flat) || /^areas? of focus\b/i.test(flat) || partnersField) {
      if (/^main partners\b/i.test(flat)) this.inPartners = true;
      // A partners line that runs on into the table ("… Objectives Gender equality … Promote …") keeps its tail.
      const tail = /\bObjectives\s+(?=\p{Lu})/u.exec(raw);
      if (!tail) {
        this.pushBlock(this.paragraph(block.span, 'field'));
        return;
      }
      const cut = block.span.start + tail.index + tail[0].length;
      this.pushBlock(this.paragraph({ start: block.span.start, end: block.span.start + tail.index }, 'field'));
      this.inPartners = false;
      cells = [{ start: cut, end: cells.find((c) => c.end > cut)?.end ?? block.span.end }, ...cells.filter((c) => c.start > cut)];
    }
    const title = this.rowGroupTitle(cells);
    if (title) {
      this.openSection(block.span, null, title, this.unnumberedLevel(0), 'rowGroup');
      this.inTable = true;
      return;
    }
    this.addRow(block.span, cells);
  }

  /** A line whose only meaningful cell is a heading: a row-group label such as "Bilateral level\t\t". */
  private rowGroupTitle(cells: Span[]): Span | null {
    const texts = cells.map((c) => this.slice(c));
    const kept: Span[] = [];
    texts.forEach((t, i) => {
      const previous = kept[kept.length - 1];
      if (previous && /^\p{Ll}/u.test(t) && /\p{L}$/u.test(this.slice(previous))) previous.end = cells[i]!.end;
      else kept.push({ ...cells[i]! });
    });
    const meaningful = kept.filter((c) => !isNoiseCell(this.slice(c)));
    if (meaningful.length !== 1) return null;
    const only = meaningful[0]!;
    const text = this.slice(only).replace(/\t/g, '');
    // A two-word label may start with a verb-like word ("Open innovation"); a longer one would be an action.
    const short = text.split(/\s+/).length <= 2 && !/[.;:]$/.test(text);
    const headingLike = isHeadingLike(text, this.cues, { maxWords: 10 }) || (short && /^\p{Lu}/u.test(text));
    return headingLike && !isLabel(text, this.cues) ? only : null;
  }

  private addRow(span: Span, cells: Span[]): void {
    cells = cells.filter((c) => !isNoiseCell(this.slice(c)));
    if (!cells.length) return;
    const first = cells[0]!;
    // "Objectives Culture Strengthen…": a column label left at the start of the first cell.
    const label = new RegExp(`^(?:${this.cues.labels.map(escapeRegExp).join('|')})\\s+(?=\\p{Lu})`, 'iu').exec(this.slice(first));
    if (label) cells[0] = { start: first.start + label[0].length, end: first.end };
    // "Culture Strengthen cultural cooperation…": a row-group label run into its first cell.
    const runOn = this.inTable ? this.leadingLabel(cells[0]!) : null;
    if (runOn) {
      this.openSection(runOn, null, runOn, this.unnumberedLevel(0), 'rowGroup');
      cells[0] = trimSpan(this.text, { start: runOn.end, end: cells[0]!.end });
    }
    // "…of all ranges. Legal cooperation": the next row group's label run onto the end of this row.
    const last = cells[cells.length - 1]!;
    const trailing = /[.!?]\s+(\p{Lu}[\p{L}'’ -]{2,60})$/u.exec(this.slice(last));
    let trailingLabel: Span | null = null;
    if (trailing && isHeadingLike(trailing[1]!, this.cues, { maxWords: 5 })) {
      const start = last.end - trailing[1]!.length;
      trailingLabel = { start, end: last.end };
      cells[cells.length - 1] = { start: last.start, end: start - (trailing[0].length - trailing[1]!.length - 1) };
    }
    this.inTable = true;
    this.bodySeen = true;
    const row: TableRowNode = {
      type: 'tableRow',
      id: '',
      span: { ...span },
      children: cells.map((c): TableCellNode => ({ type: 'tableCell', id: '', span: c, children: this.sentences(c, true) })),
    };
    const container = this.container;
    const previous = container.children[container.children.length - 1];
    if (previous && previous.type === 'table') {
      previous.children.push(row);
      this.extend(previous.span, row.span);
      for (const section of this.stack) this.extend(section.span, row.span);
    } else {
      this.pushBlock({ type: 'table', id: '', span: { ...row.span }, children: [row] });
    }
    if (trailingLabel) this.openSection(trailingLabel, null, trailingLabel, this.unnumberedLevel(0), 'rowGroup');
  }

  private leadingLabel(cell: Span): Span | null {
    const text = this.slice(cell);
    const m = /^((?:[\p{Lu}][\p{L}'’-]*)(?: [\p{L}'’-]+){0,5}?) (\p{Lu}[\p{Ll}-]+) /u.exec(text);
    if (!m) return null;
    const verb = m[2]!.toLowerCase();
    if (!this.cues.actionVerbs.includes(verb) || startsWithAction(m[1]!, this.cues)) return null;
    const words = m[1]!.toLowerCase().split(' ');
    if (words.some((w) => this.cues.actionVerbs.includes(w))) return null;
    return { start: cell.start, end: cell.start + m[1]!.length };
  }

  // --- blocks ---------------------------------------------------------------------------------

  private pushBlock(node: BlockNode): void {
    if (node.type !== 'list') this.lists = [];
    const container = this.container;
    container.children.push(node);
    for (const section of this.stack) this.extend(section.span, node.span);
  }

  private paragraph(span: Span, role: ParagraphNode['role']): ParagraphNode {
    return {
      type: 'paragraph',
      id: '',
      span: { ...span },
      role,
      children: role === 'body' ? this.sentences(span, this.inTable) : [],
    };
  }

  private sentences(span: Span, splitRunOns: boolean): SentenceNode[] {
    return splitSentences(this.text, span, this.cues, { splitRunOns }).map((s) => ({ type: 'sentence', id: '', span: s }));
  }
}

/** Stray bits of a flattened table: page numbers, bullets, OCR debris ("1", "• • •", "Ми", "vitv"). */
function isNoiseCell(text: string): boolean {
  const t = text.trim();
  if (/^[\d\s•●▪◦*.\-–]+$/u.test(t)) return true;
  if (t.length <= 2) return !/^[A-Z]{2}$/.test(t);
  return t.length <= 4 && /^\p{Ll}+$/u.test(t);
}

const boilerplateByCues = new WeakMap<Cues, RegExp | null>();

/** One pattern for all web-page furniture lines of the cues (compiled once per vocabulary). */
function boilerplatePattern(cues: Cues): RegExp | null {
  if (!boilerplateByCues.has(cues)) {
    boilerplateByCues.set(cues, cues.boilerplate?.length ? new RegExp(cues.boilerplate.map((p) => `(?:${p})`).join('|'), 'iu') : null);
  }
  return boilerplateByCues.get(cues) ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Cells with a word split across them glued back: ["Ma", "in partners"] → ["Main partners"]. */
function gluedCells(cells: string[]): string[] {
  const out: string[] = [];
  for (const cell of cells) {
    const previous = out[out.length - 1];
    if (previous !== undefined && /^\p{Ll}/u.test(cell) && /\p{L}$/u.test(previous)) out[out.length - 1] = previous + cell;
    else out.push(cell);
  }
  return out;
}
