// Japanese morphological analysis (kuromoji with its bundled IPADIC dictionary): loaded once per process (or worker),
// lazily, and only for Japanese text; a document is tokenized once and every finder reads the same tokens.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import type { Span } from '../types.js';
import { linearizeLattice, memoizeFeatures, memoizeFeatureSplit, type FeatureSource, type LatticeBuilder } from './lattice.js';

/** One morpheme with its offset in the analysed text. */
export interface JaToken {
  surface: string;
  /** Offset of the first character in the analysed text. */
  start: number;
  /** Part of speech (`名詞`, `動詞`, `助動詞`, `助詞`, `記号` …) and its first sub-category (`サ変接続`, `自立` …). */
  pos: string;
  detail: string;
  /** Dictionary form (`し` → `する`), the surface itself for unknown words. */
  base: string;
  /** Conjugated form (`連用形`, `基本形`), `*` when none. */
  form: string;
}

// Kana (hiragana, katakana): Chinese has none, so they tell Japanese from Chinese. Han, kana: letters a Japanese text is made of.
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LETTER = /\p{L}/gu;

/**
 * Whether a document is Japanese: most of its letters are Han or kana, and kana are not rare (a Chinese text has
 * none). An English plan quoting 外務省 stays English. Example: "両国は協議を開催する。" → true.
 */
export function isJapaneseText(text: string): boolean {
  // The tree builder and every finder ask about the same text: decided once per document.
  if (decided?.text === text) return decided.japanese;
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let japanese = false;
  // Han and kana all lie at U+2E80 and above (or in surrogate pairs): a text without such a character is not Japanese.
  if (BEYOND_LATIN.test(sample)) {
    const { letters, cjk, kana } = countScripts(sample);
    japanese = letters >= 10 && cjk / letters > 0.5 && kana / cjk > 0.1;
  }
  decided = { text, japanese };
  return japanese;
}

/**
 * How many characters (code points) of the text match LETTER, CJK and KANA: what `text.match(pattern).length` gives
 * for each, in one pass without the arrays of matches. ASCII is read by code; other characters are classed by the
 * patterns on first sight and the class kept (a Japanese text repeats a few thousand characters).
 */
export function countScripts(text: string): { letters: number; cjk: number; kana: number } {
  let letters = 0;
  let cjk = 0;
  let kana = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
      continue;
    }
    const point = text.codePointAt(i)!;
    if (point > 0xffff) i++;
    const found = point > 0xffff ? classify(point) : (CLASSES[point] ||= classify(point));
    if (found & IS_LETTER) letters++;
    if (found & IS_CJK) cjk++;
    if (found & IS_KANA) kana++;
  }
  return { letters, cjk, kana };
}

// Classes of a character as bits; CLASSES keeps them for the BMP, 0 until a character is first met.
const CLASSED = 1;
const IS_LETTER = 2;
const IS_CJK = 4;
const IS_KANA = 8;
const CLASSES = new Uint8Array(0x10000);

function classify(point: number): number {
  const c = String.fromCodePoint(point);
  const test = (pattern: RegExp) => {
    pattern.lastIndex = 0;
    return pattern.test(c);
  };
  return CLASSED | (test(LETTER) ? IS_LETTER : 0) | (test(CJK) ? IS_CJK : 0) | (test(KANA) ? IS_KANA : 0);
}

// Example: "外" (U+5916), "す" (U+3059), "⺀" (U+2E80).
const BEYOND_LATIN = /[\u2E80-\uFFFF]/;
let decided: { text: string; japanese: boolean } | null = null;

// The dictionary files of kuromoji's IPADIC, read by its own DictionaryLoader (in the package, no download).
const DICTIONARY_FILES = [
  'base.dat.gz', 'check.dat.gz', 'tid.dat.gz', 'tid_pos.dat.gz', 'tid_map.dat.gz', 'cc.dat.gz',
  'unk.dat.gz', 'unk_pos.dat.gz', 'unk_map.dat.gz', 'unk_char.dat.gz', 'unk_compat.dat.gz', 'unk_invoke.dat.gz',
];

const require = createRequire(import.meta.url);
const dictionaryDir = () => join(dirname(require.resolve('kuromoji/package.json')), 'dict');

type Read = (path: string) => ArrayBuffer;

interface KuromojiLoader {
  loadArrayBuffer(path: string, callback: (error: unknown, buffer?: ArrayBuffer) => void): void;
  load(callback: (error: unknown, dictionaries: unknown) => void): void;
}

/** Builds the tokenizer from dictionary buffers; with buffers already in memory kuromoji's loader completes synchronously. */
function build(read: Read): Tokenizer<IpadicFeatures> {
  const DictionaryLoader = require('kuromoji/src/loader/DictionaryLoader.js') as new (dir: string) => KuromojiLoader;
  const TokenizerClass = require('kuromoji/src/Tokenizer.js') as new (dictionaries: unknown) => Tokenizer<IpadicFeatures>;
  const loader = new DictionaryLoader(dictionaryDir());
  loader.loadArrayBuffer = (path, callback) => {
    try {
      callback(null, read(path));
    } catch (error) {
      callback(error);
    }
  };
  const result: { tokenizer?: Tokenizer<IpadicFeatures>; error?: unknown } = {};
  loader.load((error, dictionaries) => {
    if (error) result.error = error;
    else result.tokenizer = new TokenizerClass(dictionaries);
  });
  if (result.error) throw new Error(`Japanese dictionary: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
  if (!result.tokenizer) throw new Error('Japanese dictionary: the loader did not complete synchronously');
  const parts = result.tokenizer as unknown as { viterbi_builder: LatticeBuilder; token_info_dictionary: FeatureSource; unknown_dictionary: FeatureSource };
  linearizeLattice(parts.viterbi_builder);
  memoizeFeatures(parts.token_info_dictionary);
  memoizeFeatures(parts.unknown_dictionary);
  memoizeFeatureSplit(result.tokenizer as unknown as Parameters<typeof memoizeFeatureSplit>[0]);
  return result.tokenizer;
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

let tokenizer: Tokenizer<IpadicFeatures> | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the analyzer without blocking (the dictionary files are read and inflated asynchronously); idempotent,
 * concurrent calls share one load. The pipeline awaits it before extracting a Japanese document.
 */
export function loadJapaneseAnalyzer(): Promise<void> {
  if (tokenizer) return Promise.resolve();
  loading ??= (async () => {
    const inflate = promisify(gunzip);
    const dir = dictionaryDir();
    const buffers = new Map<string, ArrayBuffer>();
    await Promise.all(
      DICTIONARY_FILES.map(async (file) => buffers.set(join(dir, file), toArrayBuffer(await inflate(await readFile(join(dir, file)))))),
    );
    tokenizer ??= build((path) => {
      const buffer = buffers.get(path);
      if (!buffer) throw new Error(`unexpected dictionary file ${path}`);
      return buffer;
    });
  })().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** The analyzer, loading it synchronously on first use when nothing awaited loadJapaneseAnalyzer (a pure caller). */
function analyzer(): Tokenizer<IpadicFeatures> {
  tokenizer ??= build((path) => toArrayBuffer(gunzipSync(readFileSync(path))));
  return tokenizer;
}

// The last document analysed: the tree builder and every finder of one extraction ask for the same text.
let cached: { text: string; tokens: JaToken[] } | null = null;

/** The morphemes of a whole text (white space left out), with offsets; the text of the last call is analysed only once. */
export function japaneseTokens(text: string): JaToken[] {
  if (cached?.text === text) return cached.tokens;
  const tokens: JaToken[] = [];
  // Each token is found from the end of the one before: kuromoji's own word_position slips by one after a
  // bracket run into a comma (`(土)、松本` puts 松本 at 7, not 8), and every span after the slip would be off.
  let at = 0;
  for (const t of analyzer().tokenize(text)) {
    const found = text.indexOf(t.surface_form, at);
    const start = found >= 0 ? found : t.word_position - 1;
    at = start + t.surface_form.length;
    // White space carries nothing in Japanese; in a transcript it is a line wrap inside a word or a predicate
    // ("強調 した", "首 脳会談"), and as a token it would stand between a verbal noun and its する.
    if (/^\s+$/u.test(t.surface_form)) continue;
    tokens.push({
      surface: t.surface_form,
      start,
      pos: t.pos,
      detail: t.pos_detail_1,
      base: t.basic_form === '*' ? t.surface_form : t.basic_form,
      form: t.conjugated_form,
    });
  }
  cached = { text, tokens };
  return tokens;
}

/** The tokens of `text` (analysed as a whole) that lie inside `span`, by binary search. */
export function tokensIn(text: string, span: Span): JaToken[] {
  const tokens = japaneseTokens(text);
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: JaToken[] = [];
  for (let i = lo; i < tokens.length && tokens[i]!.start < span.end; i++) out.push(tokens[i]!);
  return out;
}
