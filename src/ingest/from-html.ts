// HTML → text in the shape the tree builder reads: `#` headings, `- `/`1. `/`a) ` list items
// indented two spaces per level, table rows with TABs between cells, blank lines between blocks.
// Page chrome (navigation, menus, breadcrumbs, cookie banners, share bars, footers) is dropped.
import { parseDocument } from 'htmlparser2';

/** The slice of htmlparser2's DOM this file reads. */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
  parent?: HtmlNode | null;
}

/** Never content: scripts, styles, forms and the page's own chrome. */
const DROPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'nav', 'aside', 'form', 'button', 'select',
  'textarea', 'input', 'label', 'svg', 'canvas', 'iframe', 'object', 'embed', 'audio', 'video', 'dialog', 'menu',
]);

/** ARIA roles of page chrome (`<div role="navigation">`). */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'menu', 'menubar', 'search', 'complementary', 'dialog', 'alertdialog', 'toolbar']);

/**
 * Class or id words that mark chrome, matched as whole words of the attribute split on
 * spaces, `-` and `_`: `site-nav`, `breadcrumb`, `cookie-banner`, `share_bar`, `page-footer`.
 */
const CHROME_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'menubar', 'breadcrumb', 'breadcrumbs', 'cookie', 'cookies',
  'consent', 'gdpr', 'share', 'sharing', 'social', 'footer', 'sidebar', 'skip', 'pagination',
  'toolbar', 'banner', 'masthead', 'related', 'newsletter', 'subscribe', 'popup', 'modal', 'advert', 'ads',
]);

const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'blockquote', 'figure', 'figcaption', 'address', 'dl',
  'dt', 'dd', 'pre', 'hr', 'center', 'fieldset', 'details', 'summary', 'body', 'header', 'footer',
]);

/** Example: `h2` → level 2. */
const HEADING = /^h([1-6])$/;

interface ListFrame {
  ordered: boolean;
  /** `1`, `a`, `A`, `i` or `I` as in `<ol type>`. */
  style: string;
  next: number;
}

/**
 * Elements nested deeper than this are flattened to their text: no plan nests so deep, and the
 * recursive walks below must stay far from the stack's limit (a hostile page nests 20,000 lists).
 */
export const MAX_HTML_DEPTH = 128;

/** List items are indented at most this many levels: the tree builder nests no deeper (its MAX_LIST_DEPTH). */
const MAX_LIST_INDENT = 16;

/**
 * `<ol start>`/`<li value>` read as HTML's rules for integers do (leading digits: "3e10" is 3, "7th" is 7),
 * held to a 32-bit integer as browsers hold it; null when there are no digits.
 */
function listNumber(attribute: string | undefined): number | null {
  const value = Number.parseInt(attribute ?? '', 10);
  if (!Number.isFinite(value)) return null;
  return Math.max(-2147483647, Math.min(2147483647, value));
}

/** Renders HTML source to text; see the file header for the shape. */
export function fromHtml(html: string): { text: string } {
  const document = parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode;
  flattenBeyond(document, MAX_HTML_DEPTH);
  const writer = new Writer();
  const roots = contentRoots(document);
  for (const root of roots) {
    writer.block(2);
    writer.children(root);
  }
  return { text: writer.finish() };
}

/**
 * Replaces the children of every element at `maxDepth` by the text nodes beneath it, in document order,
 * with a line break between texts of different elements. Iterative: deep input cannot overflow the stack.
 */
function flattenBeyond(root: HtmlNode, maxDepth: number): void {
  const stack: [HtmlNode, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node.children?.length) continue;
    if (depth < maxDepth) {
      for (const child of node.children) stack.push([child, depth + 1]);
      continue;
    }
    const texts: HtmlNode[] = [];
    const below: HtmlNode[] = [...node.children].reverse();
    let lastParent: HtmlNode | null | undefined = null;
    while (below.length) {
      const current = below.pop()!;
      if (current.type === 'text') {
        if (texts.length && current.parent !== lastParent) texts.push({ type: 'tag', name: 'br', parent: node, children: [] });
        lastParent = current.parent;
        texts.push({ ...current, parent: node });
      } else if (current.type === 'tag' && !DROPPED_TAGS.has(current.name ?? '')) {
        for (let i = (current.children?.length ?? 0) - 1; i >= 0; i--) below.push(current.children![i]!);
      }
    }
    node.children = texts;
  }
}

/** `<main>` (or `role="main"`) when the page has one, else its `<article>`s, else the whole page. */
function contentRoots(document: HtmlNode): HtmlNode[] {
  const mains = findAll(document, (node) => node.name === 'main' || node.attribs?.role === 'main');
  if (mains.length > 0) return outermost(mains);
  const articles = findAll(document, (node) => node.name === 'article');
  if (articles.length > 0) return outermost(articles);
  return [document];
}

function findAll(node: HtmlNode, test: (node: HtmlNode) => boolean, found: HtmlNode[] = []): HtmlNode[] {
  for (const child of node.children ?? []) {
    if (child.type !== 'tag') continue;
    if (test(child)) found.push(child);
    else if (!isChrome(child)) findAll(child, test, found);
  }
  return found;
}

function outermost(nodes: HtmlNode[]): HtmlNode[] {
  const set = new Set(nodes);
  return nodes.filter((node) => {
    for (let up = node.parent; up; up = up.parent) if (set.has(up)) return false;
    return true;
  });
}

/** True for elements that are page chrome or hidden; see DROPPED_TAGS, CHROME_ROLES, CHROME_WORDS. */
function isChrome(node: HtmlNode): boolean {
  const name = node.name ?? '';
  if (DROPPED_TAGS.has(name)) return true;
  const attribs = node.attribs ?? {};
  // A header or footer is the page's banner or footer only outside article/main/section content.
  if ((name === 'header' || name === 'footer') && !insideContent(node)) return true;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true') return true;
  // Example: style="display: none" or "visibility:hidden".
  if (/(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attribs.style ?? '')) return true;
  if (CHROME_ROLES.has((attribs.role ?? '').toLowerCase())) return true;
  const words = `${attribs.class ?? ''} ${attribs.id ?? ''}`.toLowerCase().split(/[\s_-]+/);
  return words.some((word) => CHROME_WORDS.has(word));
}

function insideContent(node: HtmlNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'article' || up.name === 'main' || up.name === 'section' || up.attribs?.role === 'main') return true;
  }
  return false;
}

/** True when every letter of a paragraph sits in `<strong>`/`<b>`: a run-in heading. */
function isAllBold(node: HtmlNode): boolean {
  let bold = false;
  let plain = false;
  const visit = (current: HtmlNode, inBold: boolean): void => {
    for (const child of current.children ?? []) {
      if (child.type === 'text' && /[\p{L}\p{N}]/u.test(child.data ?? '')) {
        if (inBold) bold = true;
        else plain = true;
      } else if (child.type === 'tag' && !isChrome(child)) {
        visit(child, inBold || child.name === 'strong' || child.name === 'b');
      }
    }
  };
  visit(node, false);
  return bold && !plain;
}

function listMarker(frame: ListFrame, value: number): string {
  if (!frame.ordered) return '-';
  switch (frame.style) {
    case 'a':
      return `${alphabetic(value)})`;
    case 'A':
      return `${alphabetic(value).toUpperCase()})`;
    case 'i':
      return `${roman(value)})`;
    case 'I':
      return `${roman(value).toUpperCase()})`;
    default:
      return `${value}.`;
  }
}

/** 1 → a, 26 → z, 27 → aa; below 1 the decimal number, as browsers fall back (CSS lower-alpha starts at 1). */
function alphabetic(value: number): string {
  if (value < 1) return String(value);
  let out = '';
  for (let n = value; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(97 + ((n - 1) % 26)) + out;
  return out;
}

/**
 * 4 → iv, 1999 → mcmxcix. Roman numerals stop at 3999: outside 1–3999 the decimal number, as browsers
 * do (CSS lower-roman's range); `<ol type="i" start="30000000000">` would otherwise write 30 million m's.
 */
function roman(value: number): string {
  if (value < 1 || value > 3999) return String(value);
  const numerals: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  let n = value;
  for (const [size, numeral] of numerals) for (; n >= size; n -= size) out += numeral;
  return out;
}

/**
 * Collects output as slices. Breaks are requested, not written: the strongest break asked for
 * since the last text is written just before the next text, so empty elements leave no trace.
 */
class Writer {
  private readonly out: string[] = [];
  private pendingBreak = 0;
  private pendingSpace = false;
  private lineStarted = false;
  private pendingMarker: string | null = null;
  private readonly lists: ListFrame[] = [];
  private cellDepth = 0;
  private preDepth = 0;
  private cellIndex = 0;

  /** Ask for a line break (1) or a blank line (2) before the next text. */
  block(level: 1 | 2): void {
    if (this.cellDepth > 0) {
      this.pendingSpace = true;
      return;
    }
    // Inside a list item, paragraphs are continuation lines of the item.
    const effective = this.lists.length > 0 ? 1 : level;
    this.pendingBreak = Math.max(this.pendingBreak, effective);
  }

  private startLine(): void {
    if (this.out.length > 0 && this.pendingBreak > 0) this.out.push(this.pendingBreak === 2 ? '\n\n' : '\n');
    if (this.pendingBreak > 0 || !this.lineStarted) {
      const depth = this.lists.length;
      if (this.pendingMarker !== null) this.out.push(this.pendingMarker);
      else if (depth > 0) this.out.push('  '.repeat(Math.min(depth, MAX_LIST_INDENT)));
      this.pendingMarker = null;
      this.pendingBreak = 0;
      this.pendingSpace = false;
      this.lineStarted = true;
    }
  }

  text(raw: string): void {
    if (this.preDepth > 0) {
      const lines = raw.split('\n');
      lines.forEach((line, index) => {
        if (index > 0) this.pendingBreak = Math.max(this.pendingBreak, 1);
        if (line.length > 0) {
          this.startLine();
          this.out.push(line);
        }
      });
      return;
    }
    // Example: "  Japan and\n   Denmark " → leading space pending, "Japan and Denmark", trailing space pending.
    const collapsed = raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed === ' ' || collapsed === '') {
      if (collapsed === ' ') this.pendingSpace = true;
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    const words = collapsed.trim();
    const breakPending = this.pendingBreak > 0 || !this.lineStarted;
    this.startLine();
    const last = this.out[this.out.length - 1];
    const glued = last === '\t' || last === '**';
    if (!breakPending && !glued && (leading || this.pendingSpace)) this.out.push(' ');
    this.out.push(words);
    this.pendingSpace = trailing;
  }

  /** Writes a literal piece (a TAB between cells, `**`) on the current line. */
  private raw(piece: string): void {
    this.startLine();
    this.out.push(piece);
    this.pendingSpace = false;
  }

  children(node: HtmlNode): void {
    for (const child of node.children ?? []) this.node(child);
  }

  node(node: HtmlNode): void {
    if (node.type === 'text') {
      this.text(node.data ?? '');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    if (node.type === 'root') {
      this.children(node);
      return;
    }
    if (isChrome(node)) return;
    const name = node.name ?? '';
    const heading = HEADING.exec(name);
    if (heading) {
      if (this.cellDepth > 0 || this.lists.length > 0) {
        this.block(1);
        this.children(node);
        this.block(1);
        return;
      }
      this.block(2);
      this.pendingMarker = `${'#'.repeat(Number(heading[1]))} `;
      this.children(node);
      if (this.pendingMarker !== null) this.pendingMarker = null; // an empty heading prints nothing
      this.block(2);
      return;
    }
    switch (name) {
      case 'br':
        if (this.cellDepth > 0) this.pendingSpace = true;
        else this.pendingBreak = Math.max(this.pendingBreak, 1);
        return;
      case 'ul':
      case 'ol':
        this.list(node, name === 'ol');
        return;
      case 'li':
        this.listItem(node);
        return;
      case 'table':
        if (this.cellDepth > 0) {
          this.children(node);
          return;
        }
        this.block(2);
        this.children(node);
        this.block(2);
        return;
      case 'tr':
        this.row(node);
        return;
      case 'td':
      case 'th':
        this.cell(node);
        return;
      case 'pre':
        this.block(2);
        this.preDepth++;
        this.children(node);
        this.preDepth--;
        this.block(2);
        return;
      case 'p':
        this.paragraph(node);
        return;
      default:
        if (BLOCK_TAGS.has(name)) {
          this.block(name === 'div' ? 1 : 2);
          this.children(node);
          this.block(name === 'div' ? 1 : 2);
        } else {
          this.children(node);
        }
    }
  }

  private paragraph(node: HtmlNode): void {
    this.block(2);
    if (this.cellDepth === 0 && this.lists.length === 0 && isAllBold(node)) {
      this.raw('**');
      this.children(node);
      this.out.push('**');
    } else {
      this.children(node);
    }
    this.block(2);
  }

  private list(node: HtmlNode, ordered: boolean): void {
    if (this.cellDepth > 0) {
      this.children(node);
      return;
    }
    this.block(this.lists.length > 0 ? 1 : 2);
    const attribs = node.attribs ?? {};
    const start = listNumber(attribs.start) ?? 1;
    this.lists.push({ ordered, style: attribs.type ?? '1', next: start });
    this.children(node);
    this.lists.pop();
    this.block(this.lists.length > 0 ? 1 : 2);
  }

  private listItem(node: HtmlNode): void {
    const frame = this.lists[this.lists.length - 1];
    if (!frame || this.cellDepth > 0) {
      this.block(1);
      this.children(node);
      this.block(1);
      return;
    }
    const number = listNumber(node.attribs?.value) ?? frame.next;
    frame.next = number + 1;
    this.pendingBreak = Math.max(this.pendingBreak, 1);
    this.pendingMarker = `${'  '.repeat(Math.min(this.lists.length - 1, MAX_LIST_INDENT))}${listMarker(frame, number)} `;
    this.children(node);
    this.pendingMarker = null;
    this.block(1);
  }

  private row(node: HtmlNode): void {
    if (this.cellDepth > 0) {
      this.pendingSpace = true;
      this.children(node);
      return;
    }
    this.pendingBreak = Math.max(this.pendingBreak, 1);
    this.cellIndex = 0;
    this.children(node);
    this.pendingBreak = Math.max(this.pendingBreak, 1);
  }

  private cell(node: HtmlNode): void {
    if (this.cellDepth > 0) {
      this.pendingSpace = true;
      this.children(node);
      return;
    }
    if (this.cellIndex > 0) this.raw('\t');
    this.cellIndex++;
    this.cellDepth++;
    this.children(node);
    this.cellDepth--;
  }

  finish(): string {
    return this.out.join('') + (this.out.length > 0 ? '\n' : '');
  }
}
