// kuromoji without its hidden costs, same tokens. Its ViterbiBuilder re-encodes the whole rest of a sentence at every
// character (UTF-8 bytes for the dictionary trie, a surrogate index for unknown words), so a stretch without 、 or 。
// (a list, a table, a run of headings) cost time quadratic in its length, and an unknown word re-read its run of
// same-class characters at every character of it: the lattice is built here in linear time (same nodes, same order),
// as columns of numbers rather than an object per node, and searched as kuromoji's ViterbiSearcher searches it.
// Its dictionaries decode a word's features from UTF-8 at every token: decoded once per word here.
import { memoize } from '../memo.js';

/** The parts of kuromoji's dictionaries the builder reads (kuromoji ships no types for them). */
interface Trie {
  bc: { getBaseBuffer(): Int32Array; getCheckBuffer(): Int32Array };
}
interface Dictionary {
  target_map: Record<number, ArrayLike<number | string>>;
  dictionary: { getShort(offset: number): number };
}
interface CharClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number;
  is_grouping: number;
}
/** kuromoji's own lattice, searched only by its own searcher. */
type Lattice = unknown;
interface LatticeBuilder {
  trie: Trie;
  token_info_dictionary: Dictionary;
  unknown_dictionary: Dictionary & { lookup(ch: string): CharClass };
}

// doublearray's trie: the root node, and the code of the terminal that marks the end of a word.
const ROOT_ID = 0;
const TERM_CODE = 0;
const NOT_FOUND = -1;

// A high surrogate without its low half, e.g. "\uD840" alone: kuromoji's own builder throws on it, and so must this one.
const BROKEN_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

/** The UTF-8 bytes of one character (at most 4), filled by utf8Of. */
const UTF8 = new Int32Array(4);

/** Fills UTF8 with the bytes of the code point `code`, as doublearray's stringToUtf8Bytes encodes it; their count. */
function utf8Of(code: number): number {
  const bytes = UTF8;
  if (code < 0x80) {
    bytes[0] = code;
    return 1;
  }
  if (code < 0x800) {
    bytes[0] = (code >>> 6) | 0xc0;
    bytes[1] = (code & 0x3f) | 0x80;
    return 2;
  }
  if (code < 0x10000) {
    bytes[0] = (code >>> 12) | 0xe0;
    bytes[1] = ((code >> 6) & 0x3f) | 0x80;
    bytes[2] = (code & 0x3f) | 0x80;
    return 3;
  }
  bytes[0] = (code >>> 18) | 0xf0;
  bytes[1] = ((code >> 12) & 0x3f) | 0x80;
  bytes[2] = ((code >> 6) & 0x3f) | 0x80;
  bytes[3] = (code & 0x3f) | 0x80;
  return 4;
}

/**
 * A word id of a target map as kuromoji reads it (`parseInt(String(id), 10)`). Its maps hold integers, which that
 * gives back unchanged: only another value pays for the round trip through a string, which cost a tenth of the analysis.
 */
function wordId(value: number | string): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : parseInt(String(value), 10);
}

/**
 * doublearray's BASE and CHECK arrays read directly: its traverse and getBase, through closures and bounds checks,
 * cost a sixth of the analysis. The same answers (an index past the arrays reads as doublearray reads it).
 */
class TrieArrays {
  private readonly bases: Int32Array;
  private readonly checks: Int32Array;

  constructor(trie: Trie) {
    this.bases = trie.bc.getBaseBuffer();
    this.checks = trie.bc.getCheckBuffer();
  }

  base(id: number): number {
    return id < this.bases.length ? this.bases[id]! : -id + 1;
  }

  /** doublearray's traverse: the child of `parent` by the byte `code`, or NOT_FOUND. */
  child(parent: number, code: number): number {
    const child = this.base(parent) + code;
    return child >= 0 && child < this.checks.length && this.checks[child] === parent ? child : NOT_FOUND;
  }
}

/** A node of the best path, with the fields of kuromoji's ViterbiNode that its tokenizeForSentence reads. */
export interface PathNode {
  type: 'KNOWN' | 'UNKNOWN';
  name: number;
  start_pos: number;
  surface_form: string;
}

/** kuromoji's connection cost matrix: the cost of `right` then `left` is buffer[right × backward_dimension + left + 2]. */
interface ConnectionCosts {
  buffer: Int16Array;
  backward_dimension: number;
}

/** The previous node of BOS's successors, and of a node no path reaches (kuromoji's `prev` left null). */
const BOS = -1;
const NO_PATH = -2;

/**
 * The lattice of one sentence as columns of numbers, reused from sentence to sentence: kuromoji makes an object per
 * node and an array per end position, most of the analysis' garbage. Grown as a sentence needs.
 */
class Nodes {
  count = 0;
  name = new Int32Array(256);
  cost = new Int32Array(256);
  /** kuromoji's start_pos: the node's first character, counted from 1, a surrogate pair being one. */
  start = new Int32Array(256);
  /** kuromoji's last position (start_pos + length - 1), by which the lattice files a node; length in its own units. */
  end = new Int32Array(256);
  left = new Int32Array(256);
  right = new Int32Array(256);
  /** The node's surface as UTF-16 offsets in the sentence. */
  from = new Int32Array(256);
  to = new Int32Array(256);
  known = new Uint8Array(256);
  /** The Viterbi search's: the cheapest cost of a path to the node, and that path's previous node (BOS, NO_PATH). */
  best = new Float64Array(256);
  prev = new Int32Array(256);

  add(name: number, cost: number, start: number, length: number, left: number, right: number, from: number, to: number, known: boolean): void {
    if (this.count === this.name.length) this.grow();
    const n = this.count++;
    this.name[n] = name;
    this.cost[n] = cost;
    this.start[n] = start;
    this.end[n] = start + length - 1;
    this.left[n] = left;
    this.right[n] = right;
    this.from[n] = from;
    this.to[n] = to;
    this.known[n] = known ? 1 : 0;
  }

  private grow(): void {
    const size = this.name.length * 2;
    const more = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.name = more(this.name);
    this.cost = more(this.cost);
    this.start = more(this.start);
    this.end = more(this.end);
    this.left = more(this.left);
    this.right = more(this.right);
    this.from = more(this.from);
    this.to = more(this.to);
    this.known = more(this.known);
    this.best = more(this.best);
    this.prev = more(this.prev);
  }
}

const nodes = new Nodes();
/** The nodes in order of their end position, each end's in the order kuromoji appends them; byEnd[e] is end e's first. */
let byEnd = new Int32Array(256);
let order = new Int32Array(256);
/** Per character of the sentence: where it starts, its class, where its run of one class ends. */
let starts = new Int32Array(256);
let runEnd = new Int32Array(256);
const classes: CharClass[] = [];

/**
 * The best path through one sentence's lattice: the nodes kuromoji's ViterbiBuilder and ViterbiSearcher would give,
 * the same lattice (the same nodes, appended in the same order, filed by the same end positions) and the same search
 * (the same sums in the same order, the first cheapest predecessor kept), without an object per node. The lattice is
 * also built in linear time: kuromoji re-encodes the whole rest of a sentence at every character (UTF-8 bytes for the
 * dictionary trie, a surrogate index for unknown words), so a stretch without 、 or 。 (a list, a table, a run of
 * headings) cost time quadratic in its length, and an unknown word re-read its run of same-class characters at every
 * character of it.
 */
function bestPath(builder: LatticeBuilder, trie: TrieArrays, costs: ConnectionCosts, classOf: (sentence: string, at: number, next: number) => CharClass, sentence: string): PathNode[] {
  const words = builder.token_info_dictionary;
  const unknown = builder.unknown_dictionary;
  // Where each character starts (and, after the last, the sentence's end): kuromoji counts positions in characters,
  // a surrogate pair being one.
  if (starts.length <= sentence.length) {
    starts = new Int32Array(2 * sentence.length + 1);
    runEnd = new Int32Array(2 * sentence.length + 1);
  }
  let chars = 0;
  for (let i = 0; i < sentence.length; i++) {
    starts[chars++] = i;
    const code = sentence.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
  }
  starts[chars] = sentence.length;
  for (let k = 0; k < chars; k++) classes[k] = classOf(sentence, starts[k]!, starts[k + 1]!);
  // Where the run of characters of one class that starts at each character ends (an unknown word groups a run).
  for (let k = chars - 1; k >= 0; k--) {
    runEnd[k] = k + 1 < chars && classes[k + 1]!.class_name === classes[k]!.class_name ? runEnd[k + 1]! : k + 1;
  }
  nodes.count = 0;
  for (let pos = 0; pos < chars; pos++) {
    const from = starts[pos]!;
    // The dictionary words that start here, as kuromoji's commonPrefixSearch finds them, each character fed to the
    // trie as its UTF-8 bytes. A word ends only after a character's last byte: the trie's keys are whole strings.
    let found = 0;
    let parent = ROOT_ID;
    search: for (let i = from; i < sentence.length; ) {
      let code = sentence.charCodeAt(i++);
      if (code >= 0xd800 && code <= 0xdbff) code = (code - 0xd800) * 0x400 + 0x10000 + (sentence.charCodeAt(i++) - 0xdc00);
      const length = utf8Of(code);
      for (let b = 0; b < length; b++) {
        parent = trie.child(parent, UTF8[b]!);
        if (parent === NOT_FOUND) break search;
      }
      const leaf = trie.child(parent, TERM_CODE);
      if (leaf === NOT_FOUND) continue;
      found++;
      const base = trie.base(leaf);
      const ids = words.target_map[(base <= 0 ? -base - 1 : undefined)!]!;
      const { dictionary } = words;
      for (let j = 0; j < ids.length; j++) {
        const id = wordId(ids[j]!);
        nodes.add(id, dictionary.getShort(id + 4), pos + 1, i - from, dictionary.getShort(id), dictionary.getShort(id + 2), from, i, true);
      }
    }
    const headClass = classes[pos]!;
    if (found === 0 || headClass.is_always_invoke === 1) {
      const grouped = headClass.is_grouping === 1 && runEnd[pos]! > pos + 1;
      const to = grouped ? starts[runEnd[pos]!]! : starts[pos + 1]!;
      // kuromoji's length of an ungrouped unknown word counts characters (1), a grouped one UTF-16 units.
      const length = grouped ? to - from : 1;
      const ids = unknown.target_map[headClass.class_id]!;
      const { dictionary } = unknown;
      for (let j = 0; j < ids.length; j++) {
        const id = wordId(ids[j]!);
        nodes.add(id, dictionary.getShort(id + 4), pos + 1, length, dictionary.getShort(id), dictionary.getShort(id + 2), from, to, false);
      }
    }
  }
  return search(costs, sentence);
}

/**
 * The cheapest way into a node of left id `leftId` and cost `own` from the nodes ending at `before` (BOS at 0), with
 * kuromoji's sums in its order (the path's cost, the connection's, the node's own) and its first cheapest kept: the
 * previous node (BOS, or NO_PATH when none is reached), its cost set as node `into`'s best (none for EOS, -1).
 */
function cheapest(costs: ConnectionCosts, before: number, leftId: number, own: number, into: number): number {
  const { best, right } = nodes;
  const matrix = costs.buffer;
  if (before === 0) {
    if (into >= 0) best[into] = 0 + matrix[leftId + 2]! + own;
    return BOS;
  }
  const width = costs.backward_dimension;
  let min = Number.MAX_VALUE;
  let from = NO_PATH;
  for (let k = byEnd[before]!; k < byEnd[before + 1]!; k++) {
    const p = order[k]!;
    const sum = best[p]! + matrix[right[p]! * width + leftId + 2]! + own;
    if (sum < min) {
      min = sum;
      from = p;
    }
  }
  if (into >= 0) best[into] = min;
  return from;
}

/** kuromoji's ViterbiSearcher over the lattice in `nodes`: forward (cheapest path to each node), then back from EOS. */
function search(costs: ConnectionCosts, sentence: string): PathNode[] {
  const { count, end, start, left, cost, prev } = nodes;
  // The lattice's last position, where EOS's predecessors end (kuromoji's eos_pos, at least 1).
  let last = 1;
  for (let n = 0; n < count; n++) if (end[n]! > last) last = end[n]!;
  // The nodes filed by end position, a stable counting sort: each end's nodes in the order they were appended.
  if (byEnd.length < last + 2) byEnd = new Int32Array(2 * (last + 2));
  if (order.length < count) order = new Int32Array(2 * count);
  byEnd.fill(0, 0, last + 2);
  for (let n = 0; n < count; n++) byEnd[end[n]! + 1]!++;
  for (let e = 1; e <= last + 1; e++) byEnd[e]! += byEnd[e - 1]!;
  for (let n = 0; n < count; n++) order[byEnd[end[n]!]!++] = n;
  // byEnd[e] now marks end e's last node + 1; shift back so that byEnd[e] is its first and byEnd[e + 1] its limit.
  for (let e = last + 1; e > 0; e--) byEnd[e] = byEnd[e - 1]!;
  byEnd[0] = 0;
  for (let k = 0; k < count; k++) {
    const n = order[k]!;
    prev[n] = cheapest(costs, start[n]! - 1, left[n]!, cost[n]!, n);
  }
  // EOS: left id 0, cost 0, after the nodes ending at the last position.
  const path: PathNode[] = [];
  for (let n = cheapest(costs, last, 0, 0, -1); n !== BOS; n = prev[n]!) {
    if (n === NO_PATH) return [];
    path.push({ type: nodes.known[n] ? 'KNOWN' : 'UNKNOWN', name: nodes.name[n]!, start_pos: start[n]!, surface_form: sentence.slice(nodes.from[n], nodes.to[n]) });
  }
  return path.reverse();
}

/** A kuromoji dictionary's feature look-up ("名詞,サ変接続,*,*,*,*,協議,キョウギ,キョーギ" for a word id). */
export interface FeatureSource {
  getFeatures(id: number | string): string;
}

/**
 * kuromoji decodes a word's feature line from the dictionary's UTF-8 bytes at every token, a character at a time;
 * a text uses the same words again and again: each line is decoded once (the cache is bounded for a long-running
 * server).
 */
export function memoizeFeatures(source: FeatureSource): void {
  source.getFeatures = memoize(source.getFeatures.bind(source));
}

/** The parts of kuromoji's Tokenizer that tokenizeForSentence reads. */
interface SentenceTokenizer {
  tokenizeForSentence(sentence: string, tokens?: unknown[]): unknown[];
  getLattice(sentence: string): Lattice;
  viterbi_builder: LatticeBuilder;
  viterbi_searcher: { connection_costs: ConnectionCosts; search(lattice: Lattice): { type: string; name: number; start_pos: number; surface_form: string }[] };
  token_info_dictionary: FeatureSource;
  unknown_dictionary: FeatureSource;
  formatter: {
    formatEntry(id: number, position: number, type: string, features: string[]): unknown;
    formatUnknownEntry(id: number, position: number, type: string, features: string[], surface: string): unknown;
  };
}

/**
 * kuromoji's Tokenizer.tokenizeForSentence, the same tokens, from bestPath (kuromoji's own lattice and search only for
 * a broken surrogate pair, on which they throw); and a word's feature line is split at its commas once rather than at
 * every token (the split was a twentieth of the analysis). Its formatter only reads the parts.
 */
export function installBestPath(tokenizer: SentenceTokenizer): void {
  const parts = memoize((line: string) => line.split(','));
  const split = (line: string | null | undefined): string[] => (line == null ? [] : parts(line));
  const builder = tokenizer.viterbi_builder;
  const costs = tokenizer.viterbi_searcher.connection_costs;
  const trie = new TrieArrays(builder.trie);
  // A character's class by its code (char.def gives one per UTF-16 code): looked up once per code, not per character
  // as a one-character string. A surrogate pair (DEFAULT in kuromoji) is asked as kuromoji asks.
  const classes: (CharClass | undefined)[] = new Array(0x10000);
  const classOf = (sentence: string, at: number, next: number): CharClass => {
    const code = sentence.charCodeAt(at);
    if (next - at > 1) return builder.unknown_dictionary.lookup(sentence.slice(at, next));
    return (classes[code] ??= builder.unknown_dictionary.lookup(sentence.charAt(at)));
  };
  tokenizer.tokenizeForSentence = function (sentence, given) {
    const tokens = given ?? [];
    const path = BROKEN_PAIR.test(sentence) ? this.viterbi_searcher.search(this.getLattice(sentence)) : bestPath(builder, trie, costs, classOf, sentence);
    const last = tokens.length > 0 ? (tokens[tokens.length - 1] as { word_position: number }).word_position : 0;
    for (const node of path) {
      if (node.type === 'KNOWN') {
        tokens.push(this.formatter.formatEntry(node.name, last + node.start_pos, node.type, split(this.token_info_dictionary.getFeatures(node.name))));
      } else if (node.type === 'UNKNOWN') {
        const features = split(this.unknown_dictionary.getFeatures(node.name));
        tokens.push(this.formatter.formatUnknownEntry(node.name, last + node.start_pos, node.type, features, node.surface_form));
      } else {
        tokens.push(this.formatter.formatEntry(node.name, last + node.start_pos, node.type, []));
      }
    }
    return tokens;
  };
}
