// kuromoji without its hidden costs, same tokens. Its ViterbiBuilder re-encodes the whole rest of a sentence at every
// character (UTF-8 bytes for the dictionary trie, a surrogate index for unknown words), so a stretch without 、 or 。
// (a list, a table, a run of headings) cost time quadratic in its length, and an unknown word re-read its run of
// same-class characters at every character of it: the lattice is built here in linear time (same nodes, same order).
// Its dictionaries decode a word's features from UTF-8 at every token: decoded once per word here.
import { createRequire } from 'node:module';
import { memoize } from '../memo.js';

const require = createRequire(import.meta.url);

/** The parts of kuromoji's dictionaries the builder reads (kuromoji ships no types for them). */
interface Trie {
  traverse(parent: number, code: number): number;
  bc: { getBase(id: number): number };
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
interface Lattice {
  append(node: unknown): void;
  appendEos(): void;
}
export interface LatticeBuilder {
  trie: Trie;
  token_info_dictionary: Dictionary;
  unknown_dictionary: Dictionary & { lookup(ch: string): CharClass };
  build(sentence: string): Lattice;
}

type NodeClass = new (name: number, cost: number, start: number, length: number, type: string, left: number, right: number, surface: string) => unknown;
const ViterbiNode = require('kuromoji/src/viterbi/ViterbiNode.js') as NodeClass;
const ViterbiLattice = require('kuromoji/src/viterbi/ViterbiLattice.js') as new () => Lattice;

// doublearray's trie: the root node, and the code of the terminal that marks the end of a word.
const ROOT_ID = 0;
const TERM_CODE = 0;
const NOT_FOUND = -1;

// A high surrogate without its low half, e.g. "\uD840" alone: kuromoji's own builder throws on it, and so must this one.
const BROKEN_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

/** Replaces `builder.build` (one tokenizer's) with the linear version; the original stays for malformed text. */
export function linearizeLattice(builder: LatticeBuilder): void {
  const original = builder.build.bind(builder);
  builder.build = (sentence) => (BROKEN_PAIR.test(sentence) ? original(sentence) : buildLattice(builder, sentence));
}

/** The UTF-8 bytes of one character (at most 4), filled by prefixWords. */
const UTF8 = new Int32Array(4);

/** The dictionary words that start at UTF-16 offset `from`, as kuromoji's commonPrefixSearch finds them: { v: id, k: word }. */
function prefixWords(trie: Trie, text: string, from: number): { v: number | undefined; k: string }[] {
  const out: { v: number | undefined; k: string }[] = [];
  let parent = ROOT_ID;
  for (let i = from; i < text.length; ) {
    // One character as the UTF-8 bytes of doublearray's stringToUtf8Bytes, fed to the trie byte by byte.
    let code = text.charCodeAt(i++);
    if (code >= 0xd800 && code <= 0xdbff) code = (code - 0xd800) * 0x400 + 0x10000 + (text.charCodeAt(i++) - 0xdc00);
    // Into one reused buffer: an array per character was most of this function's garbage.
    const bytes = UTF8;
    let length: number;
    if (code < 0x80) {
      bytes[0] = code;
      length = 1;
    } else if (code < 0x800) {
      bytes[0] = (code >>> 6) | 0xc0;
      bytes[1] = (code & 0x3f) | 0x80;
      length = 2;
    } else if (code < 0x10000) {
      bytes[0] = (code >>> 12) | 0xe0;
      bytes[1] = ((code >> 6) & 0x3f) | 0x80;
      bytes[2] = (code & 0x3f) | 0x80;
      length = 3;
    } else {
      bytes[0] = (code >>> 18) | 0xf0;
      bytes[1] = ((code >> 12) & 0x3f) | 0x80;
      bytes[2] = ((code >> 6) & 0x3f) | 0x80;
      bytes[3] = (code & 0x3f) | 0x80;
      length = 4;
    }
    for (let b = 0; b < length; b++) {
      const child = trie.traverse(parent, bytes[b]!);
      if (child === NOT_FOUND) return out;
      parent = child;
      const leaf = trie.traverse(child, TERM_CODE);
      if (leaf === NOT_FOUND) continue;
      // Words end on a character's last byte (IPADIC's words are whole characters): the word is text[from, i).
      const base = trie.bc.getBase(leaf);
      out.push({ v: base <= 0 ? -base - 1 : undefined, k: text.slice(from, i) });
    }
  }
  return out;
}

/**
 * A word id of a target map as kuromoji reads it (`parseInt(String(id), 10)`). Its maps hold integers, which that
 * gives back unchanged: only another value pays for the round trip through a string, which cost a tenth of the analysis.
 */
function wordId(value: number | string): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : parseInt(String(value), 10);
}

/** kuromoji's ViterbiBuilder.build without re-reading the rest of the sentence at each character. */
function buildLattice(builder: LatticeBuilder, sentence: string): Lattice {
  const lattice = new ViterbiLattice();
  const words = builder.token_info_dictionary;
  const unknown = builder.unknown_dictionary;
  // Where each character starts: kuromoji counts positions in characters, a surrogate pair being one.
  const starts: number[] = [];
  for (let i = 0; i < sentence.length; i++) {
    starts.push(i);
    const code = sentence.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
  }
  const charAt = (k: number) => sentence.slice(starts[k], starts[k + 1] ?? sentence.length);
  const classes = starts.map((_, k) => unknown.lookup(charAt(k)));
  // Where the run of characters of one class that starts at each character ends (an unknown word groups a run).
  const runEnd: number[] = new Array(starts.length);
  for (let k = starts.length - 1; k >= 0; k--) {
    runEnd[k] = k + 1 < starts.length && classes[k + 1]!.class_name === classes[k]!.class_name ? runEnd[k + 1]! : k + 1;
  }
  for (let pos = 0; pos < starts.length; pos++) {
    const vocabulary = prefixWords(builder.trie, sentence, starts[pos]!);
    for (const { v, k } of vocabulary) {
      const ids = words.target_map[v!]!;
      for (let i = 0; i < ids.length; i++) {
        const id = wordId(ids[i]!);
        const { dictionary } = words;
        lattice.append(new ViterbiNode(id, dictionary.getShort(id + 4), pos + 1, k.length, 'KNOWN', dictionary.getShort(id), dictionary.getShort(id + 2), k));
      }
    }
    const headClass = classes[pos]!;
    if (vocabulary.length === 0 || headClass.is_always_invoke === 1) {
      const grouped = headClass.is_grouping === 1 && runEnd[pos]! > pos + 1;
      const key = grouped ? sentence.slice(starts[pos], starts[runEnd[pos]!] ?? sentence.length) : charAt(pos);
      // kuromoji's length of an ungrouped unknown word counts characters (1), a grouped one UTF-16 units.
      const length = grouped ? key.length : 1;
      const ids = unknown.target_map[headClass.class_id]!;
      for (let j = 0; j < ids.length; j++) {
        const id = wordId(ids[j]!);
        const { dictionary } = unknown;
        lattice.append(new ViterbiNode(id, dictionary.getShort(id + 4), pos + 1, length, 'UNKNOWN', dictionary.getShort(id), dictionary.getShort(id + 2), key));
      }
    }
  }
  lattice.appendEos();
  return lattice;
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
  viterbi_searcher: { search(lattice: Lattice): { type: string; name: number; start_pos: number; surface_form: string }[] };
  token_info_dictionary: FeatureSource;
  unknown_dictionary: FeatureSource;
  formatter: {
    formatEntry(id: number, position: number, type: string, features: string[]): unknown;
    formatUnknownEntry(id: number, position: number, type: string, features: string[], surface: string): unknown;
  };
}

/**
 * kuromoji's Tokenizer.tokenizeForSentence, the same tokens, but a word's feature line is split at its commas once
 * rather than at every token (the split was a twentieth of the analysis). Its formatter only reads the parts.
 */
export function memoizeFeatureSplit(tokenizer: SentenceTokenizer): void {
  const parts = memoize((line: string) => line.split(','));
  const split = (line: string | null | undefined): string[] => (line == null ? [] : parts(line));
  tokenizer.tokenizeForSentence = function (sentence, given) {
    const tokens = given ?? [];
    const path = this.viterbi_searcher.search(this.getLattice(sentence));
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
