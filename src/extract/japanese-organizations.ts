// National public bodies named in a Japanese document: the gazetteer's Japanese names, and bodies found by the shape
// of their names — a country then a ministry or agency ("フランス国防省" → 国防省, FR), "両国外務省" (each party's),
// armed forces by a country's one-character name ("在日米軍"), a state of a country ("アメリカ合衆国ワシントン州").
// Only the text of the document is read: page furniture and database fields name no body of the document.
import type { Organization, PartyCode, RootNode } from '../types.js';
import type { GazetteerEntry, Vocabulary } from '../vocab/index.js';
import { compileVocabulary } from './gazetteer.js';
import { slug } from './scan.js';
import { toHalfWidth } from '../text.js';
import { escapeRegExp } from '../text.js';
import { japaneseTextRegions } from '../tree/japanese.js';

interface Found {
  start: number;
  end: number;
  name: string;
  party: PartyCode;
  entry: GazetteerEntry | null;
  acronym: string | null;
}

interface Compiled {
  country: RegExp;
  byCountry: Map<string, PartyCode>;
  /** "<country>(国)(の)<name>省|庁": a body of that country. */
  body: RegExp;
  bare: RegExp;
  forces: RegExp;
  state: RegExp;
}

const compiledByVocab = new WeakMap<Vocabulary, Compiled>();

function compile(vocab: Vocabulary): Compiled {
  let c = compiledByVocab.get(vocab);
  if (c) return c;
  const byCountry = new Map<string, PartyCode>();
  for (const party of vocab.parties) if (party.ja) byCountry.set(party.ja, party.code);
  for (const [name, code] of Object.entries(vocab.japanese.partyNames)) byCountry.set(name, code);
  const countries = [...byCountry.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const letters = Object.keys(vocab.japanese.partyAbbreviations).join('');
  c = {
    country: new RegExp(`(?<![\\p{Script=Katakana}ー])(?:${countries})$`, 'u'),
    byCountry,
    // "フランス国防省", "日本の防衛庁", "アルゼンチン共和国農産業省", "両国外務省間…" (not the generic "関係省庁", "各省");
    // "ルリタニア国経済省" (the country's long form, not "…国防省"), "ルリタニア自然環境グリーン開発省" (katakana inside).
    body: new RegExp(`(?<![\\p{Script=Katakana}ー])(${countries}|両国)(?:共和国|王国|国(?![防土家務際立民税]))?(?:の)?((?!関係|各|所管|関連|担当)[\\p{Script=Han}\\p{Script=Katakana}][\\p{Script=Han}\\p{Script=Katakana}・ー]{0,13}?(?:省(?!庁)|(?<!省)庁))`, 'gu'),
    // A ministry named bare ("総務省とルリタニアデジタル経済省", "…(以下「ルリタニア」という。)運輸通信省").
    bare: /(?<![\p{Script=Han}\p{Script=Katakana}ー・])((?!関係|各|所管|関連|担当|両|当|同|本|旧|他|省)[\p{Script=Han}\p{Script=Katakana}][\p{Script=Han}\p{Script=Katakana}・ー]{1,13}?省)(?![\p{Script=Han}])/gu,
    // "米軍", "在日米軍", "英軍"
    forces: new RegExp(`(?:在日)?([${letters}])軍(?![\\p{Script=Han}])`, 'gu'),
    // "アメリカ合衆国ワシントン州"
    state: new RegExp(`(?<![\\p{Script=Katakana}ー])(${countries})([\\p{Script=Katakana}ー]{2,12}州)`, 'gu'),
  };
  compiledByVocab.set(vocab, c);
  return c;
}

/** Bodies of a Japanese document, one per party and name, in order of first mention. */
export function findJapaneseOrganizations(text: string, root: RootNode, vocab: Vocabulary, parties: PartyCode[]): Organization[] {
  const compiled = compileVocabulary(vocab);
  const c = compile(vocab);
  const found: Found[] = [];
  for (const region of japaneseTextRegions(root)) {
    const slice = text.slice(region.start, region.end);
    const at = (i: number) => region.start + i;
    // Gazetteer names: "国際交流基金", "農林水産省" (also inside "日本国農林水産省").
    if (compiled.japanese) {
      compiled.japanese.lastIndex = 0;
      for (let m = compiled.japanese.exec(slice); m; m = compiled.japanese.exec(slice)) {
        const prefix = c.country.exec(slice.slice(Math.max(0, m.index - 12), m.index).replace(/の$/u, ''));
        const stated = prefix ? c.byCountry.get(prefix[0]) ?? null : null;
        const entries = compiled.byName.get(m[0]) ?? [];
        const entry = entries.find((e) => e.party === stated) ?? (stated ? null : entries[0] ?? null);
        const party = stated ?? entry?.party;
        if (!party) continue;
        found.push({ start: at(m.index), end: at(m.index + m[0].length), name: withoutCountry(m[0], c), party, entry, acronym: acronymAfter(slice, m.index + m[0].length) });
      }
    }
    c.body.lastIndex = 0;
    for (let m = c.body.exec(slice); m; m = c.body.exec(slice)) {
      const name = m[2]!;
      const start = at(m.index + m[0].length - name.length);
      const end = at(m.index + m[0].length);
      const owners = m[1] === '両国' ? parties : [c.byCountry.get(m[1]!)].filter((p): p is PartyCode => Boolean(p));
      for (const party of owners) {
        const entry = (compiled.byName.get(name) ?? []).find((e) => e.party === party) ?? null;
        found.push({ start, end, name, party, entry, acronym: acronymAfter(slice, m.index + m[0].length) });
      }
    }
    // A ministry named without its country in a text of Japan and one partner, not a Japanese one: the partner's.
    const partners = parties.filter((p) => p !== 'JP');
    if (partners.length === 1 && parties.includes('JP')) {
      c.bare.lastIndex = 0;
      for (let m = c.bare.exec(slice); m; m = c.bare.exec(slice)) {
        const name = m[1]!;
        const named = [...c.byCountry.keys(), '日本'].some((country) => name.startsWith(country)); // found with its country above
        // The gazetteer's name with its country ('ルリタニア連邦経済省') knows the body by its bare name too.
        const known = [...compiled.byName.keys()].some((k) => k.endsWith(name));
        if (named || known || vocab.japanese.japaneseMinistries.includes(name) || c.country.test(slice.slice(Math.max(0, m.index - 12), m.index).replace(/(?:共和国|王国|国)?の?$/u, ''))) continue;
        found.push({ start: at(m.index), end: at(m.index + name.length), name, party: partners[0]!, entry: null, acronym: acronymAfter(slice, m.index + name.length) });
      }
    }
    c.forces.lastIndex = 0;
    for (let m = c.forces.exec(slice); m; m = c.forces.exec(slice)) {
      const party = vocab.japanese.partyAbbreviations[m[1]!];
      if (party) found.push({ start: at(m.index), end: at(m.index + m[0].length), name: m[0], party, entry: null, acronym: null });
    }
    c.state.lastIndex = 0;
    for (let m = c.state.exec(slice); m; m = c.state.exec(slice)) {
      const party = c.byCountry.get(m[1]!);
      if (party) found.push({ start: at(m.index), end: at(m.index + m[0].length), name: m[0], party, entry: null, acronym: null });
    }
  }
  // A name the gazetteer knows wins over the same words found by their shape ("在日米軍").
  const known = found.filter((f) => f.entry);
  const kept = found.filter((f) => f.entry || !known.some((k) => k.party === f.party && k.start <= f.start && f.end <= k.end));
  const orgs = new Map<string, Organization>();
  for (const f of kept.sort((a, b) => a.start - b.start || b.end - a.end)) {
    const id = `${f.party}:${f.entry ? f.entry.id : slug(f.name) || f.name}`;
    let org = orgs.get(id);
    if (!org) {
      org = { id, name: f.name, acronym: null, party: f.party, mentions: [], span: { start: f.start, end: f.end } };
      orgs.set(id, org);
    }
    org.acronym ??= f.acronym; // only where the text gives one
    if (!org.mentions.some((m) => m.start === f.start && m.end === f.end)) org.mentions.push({ start: f.start, end: f.end });
  }
  return [...orgs.values()].map((o) => ({ ...o, span: o.mentions[0]! })).sort((a, b) => a.span.start - b.span.start || a.id.localeCompare(b.id));
}

/** "フランス国防省" → "国防省": the country is the party, not part of the name (gazetteer names carry it for look-up). */
function withoutCountry(name: string, c: Compiled): string {
  for (const [country] of c.byCountry) {
    if (name.startsWith(country) && name.length > country.length + 1 && /[省庁]$/u.test(name)) return name.slice(country.length).replace(/^の/u, '');
  }
  return name;
}

/** "(JICA)" or "（AFD）" right after a name. */
function acronymAfter(slice: string, end: number): string | null {
  const m = /^\(([A-Z][A-Za-z&]{1,9})\)/u.exec(toHalfWidth(slice.slice(end, end + 14)));
  return m ? m[1]! : null;
}
