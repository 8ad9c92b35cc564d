// Loads the vocabularies (data files beside this module) and merges a user's extension file over them.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PartyCode } from '../types.js';

/** A national body as the gazetteer knows it (vocab/organizations.json). */
export interface GazetteerEntry {
  /** Stable id within its party, e.g. `meti`. */
  id: string;
  party: PartyCode;
  /** Canonical English name as documents usually print it. */
  name: string;
  acronym?: string;
  /** Other spellings: older names, Japanese names, names with the country attached. */
  aliases?: string[];
  /** Japanese name (for the bilingual interface). */
  ja?: string;
}

/** A country or territory: its names and adjectives as they appear in documents. */
export interface PartyEntry {
  code: PartyCode;
  names: string[];
  adjectives: string[];
  ja?: string;
  /** A territory that is part of another party's state (Greenland and the Faroe Islands: `DK`). */
  partOf?: PartyCode;
  /** A city-state, whose name is also its city's: "met in Singapore" names a place. */
  cityState?: boolean;
}

/** A theme of the taxonomy (vocab/themes.json) with the cues that assign it. */
export interface Theme {
  id: string;
  label: { en: string; ja: string };
  /** Lower-case words or phrases; a commitment containing one gets the theme. */
  cues: string[];
}

/** Phrases that decide a commitment's strength (vocab/strength.json documents each list). */
export interface StrengthCues {
  exploratory: string[];
  /** Hedges that count anywhere in a unit ("consider the possibility"). */
  exploratoryAnywhere: string[];
  /** Hedges that count anywhere in a unit whose main verb is not firm ("to consider", "explore opportunities"). */
  exploratoryAfterFirm: string[];
  /** Main verbs of a search ("seek", "identify"), hedged when their object is one of `hedgedObjects` ("ways", "opportunities"). */
  searchVerbs: string[];
  hedgedObjects: string[];
  firm: string[];
  /** Firm verbs that need no object ("launch", "co-host", "finalize"). */
  selfEvident: string[];
  /** Objects that name a direction, not a deliverable ("cooperation"): a self-evident verb before one proves nothing. */
  directions: string[];
  neutral: string[];
  /** A main verb and the word after it that make a meeting without an object ("meet at"). */
  gatherings: string[];
  events: string[];
  cadence: string[];
  /** Regular expressions of a near deadline ("within six months", "by the end of 2025"). */
  deadlines: string[];
  /** Deliverables named as nouns ("conclusion of", "entry into force of"). */
  deliverables: string[];
  namedProgrammes: string[];
  /** What "establish" founds besides an event: "partnership", "corridor" (firm). */
  founded: string[];
  /** Verbs that raise a relationship to a status ("elevate", "upgrade"): firm only with what is founded after "to". */
  raising: string[];
  /** Verbs of drawing up a document ("develop", "adopt") and the documents that make them firm ("roadmap", "plan"). */
  drafting: string[];
  documents: string[];
  /** Japanese cues, matched anywhere in a sentence. */
  ja: { exploratory: string[]; firm: string[] };
}

/** Cue words of the tree builder and the commitment finder (vocab/cues.json; each list documents itself there). */
export interface Cues {
  actionVerbs: string[];
  leadAdverbs: string[];
  willCues: string[];
  notActionsAfterWill: string[];
  labels: string[];
  /** Labels that open a block of responsible bodies ("Main partners"). */
  partnerLabels: string[];
  /** Labels written with their value after a colon ("Area of focus: …"). */
  fieldLabels: string[];
  /** Labels of a table's first column that a partners line may run on into ("Objectives"). */
  firstColumnLabels: string[];
  abbreviations: string[];
  viewVerbs: string[];
  /** Regular expressions (as strings) for lines of web-page furniture. */
  boilerplate: string[];
  titleWords: string[];
  /** Regular expression (as a string) for the ending of a Japanese sentence that commits to an action. */
  jaCommitment: string;
  /** Heads of a party subject in a statement ("leaders", "sides", "Participants"), besides the parties' names. */
  statementSubjects: string[];
  /** Words allowed in or after a party subject without changing who acts ("the", "our", "today", "in which"). */
  statementSubjectWords: string[];
  /** Regular expressions (as strings) of what follows a party subject in a sentence that commits ("will", "intend to"). */
  statementCues: string[];
  /** Names of a document database's header fields, lower case, by what they hold: "[Title] …", "[Date] April 27, 2007". */
  headerFields: { title: string[]; date: string[]; place: string[] };
  /** Verbs of saying or sharing that open a commitment cue ("expressed their willingness to"): the parties' own voice. */
  voiceVerbs: string[];
  /** Words right before a capitalised "Group" or "Mechanism" that make it a standing body ("Cooperation Group"). */
  mechanismBodyModifiers: string[];
  /** Words that make a lower-case "mechanism" a standing body ("standing mechanism"). */
  standingModifiers: string[];
  /** Verbs by which the parties set up or keep a body ("convene a Forum on …", "continuing the … Forum"). */
  mechanismCreationVerbs: string[];
  /** Ordinals before a meeting that make it one of a series ("their first … Dialogue", "the inaugural …"). */
  seriesOrdinals: string[];
  /** Heads of texts named without a kind word, with their kind: `["Act", "other"]`, `["Accords", "agreement"]`. */
  namedInstrumentHeads: [string, string][];
  /** What an instrument is prepared for ("for signature"): no part of its title. */
  procedureWords: string[];
  /** Counterparts that make a memorandum a commercial deal ("with U.S. companies"). */
  privateParties: string[];
}

/** Cues for Japanese documents (vocab/japanese.json documents each list with an example). */
export interface JapaneseCues {
  stateVerbs: string[];
  viewVerbs: string[];
  agreementVerbs: string[];
  /** Verbs whose object is an agreement noun, read as that agreement ('意見の一致を見た'). */
  agreementReached: string[];
  intentObjects: string[];
  intentNouns: string[];
  viewObjects: string[];
  exploratory: string[];
  firmVerbs: string[];
  firmIfEvent: string[];
  events: string[];
  projectHeads: string[];
  cadence: string[];
  leadIns: string[];
  purposeMarkers: string[];
  labels: string[];
  partNames: string[];
  /** Regular expressions (as strings) for lines of page furniture. */
  furniture: string[];
  fieldNames: string[];
  kinds: [string, string][];
  /** Verbs of a release's sentence that reports the signing itself ('…協力覚書に署名しました'). */
  signingVerbs: string[];
  titleWords: string[];
  /** Words of a sentence that reports the parties' meeting ('首脳会談を行った'), which dates a statement. */
  meetingWords: string[];
  partyGroups: Record<string, PartyCode[]>;
  partyAbbreviations: Record<string, PartyCode>;
  partyNames: Record<string, PartyCode>;
  notParties: string[];
  /** Japanese ministries by their short or former names ('経産省', '通商産業省'): never a partner's ministry. */
  japaneseMinistries: string[];
  instrumentKinds: [string, string][];
  mechanismHeads: string[];
  cadenceWords: Record<'annual' | 'biennial' | 'regular', string[]>;
  /** Regular expressions (as strings) per provision kind, and for a sentence that refers to the document itself. */
  provisionCues: Record<string, string>;
  provisionSelf: string;
}

export interface Vocabulary {
  organizations: GazetteerEntry[];
  parties: PartyEntry[];
  themes: Theme[];
  strength: StrengthCues;
  cues: Cues;
  japanese: JapaneseCues;
}

const here = fileURLToPath(new URL('.', import.meta.url));

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let bundled: Vocabulary | undefined;

/**
 * The bundled vocabulary, extended by the JSON file named in `KIZUNA_VOCAB` (or `extensionPath`):
 * `{"organizations": […], "parties": […], "themes": […]}`; entries with an existing id replace it.
 */
export function loadVocabulary(extensionPath = process.env.KIZUNA_VOCAB): Vocabulary {
  bundled ??= {
    organizations: readJson<GazetteerEntry[]>(`${here}organizations.json`),
    parties: readJson<PartyEntry[]>(`${here}parties.json`),
    themes: existsSync(`${here}themes.json`) ? readJson<Theme[]>(`${here}themes.json`) : [],
    strength: readJson<StrengthCues>(`${here}strength.json`),
    cues: readJson<Cues>(`${here}cues.json`),
    japanese: readJson<JapaneseCues>(`${here}japanese.json`),
  };
  if (!extensionPath) return bundled;
  let extension: Partial<Vocabulary>;
  try {
    extension = readJson<Partial<Vocabulary>>(extensionPath);
  } catch (error) {
    throw new Error(`vocabulary extension ${extensionPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const merge = <T>(base: T[], more: T[] | undefined, key: (x: T) => string): T[] => {
    if (!more) return base;
    const byKey = new Map(base.map((x) => [key(x), x]));
    for (const item of more) byKey.set(key(item), item);
    return [...byKey.values()];
  };
  return {
    organizations: merge(bundled.organizations, extension.organizations, (o) => `${o.party}:${o.id}`),
    parties: merge(bundled.parties, extension.parties, (p) => p.code),
    themes: merge(bundled.themes, extension.themes, (t) => t.id),
    strength: bundled.strength,
    cues: bundled.cues,
    japanese: bundled.japanese,
  };
}

/** How evidence linking reads a readout as an event (vocab/linking.json documents each list). */
export interface LinkingVocabulary {
  titles: { level: 'leader' | 'minister' | 'vice-minister' | 'official'; en: string[]; ja: string[] }[];
  /**
   * Titles taking a portfolio, taken out with them and read as the ministry: English ones followed by it
   * ("Minister" of Foreign Affairs), Japanese ones preceded by it (厚生労働 "大臣政務官").
   */
  portfolioTitles: string[];
  events: { kind: 'meeting' | 'visit' | 'signing' | 'launch' | 'exercise' | 'discussion'; en: string[]; ja: string[] }[];
  implies: { kinds: string[]; levels: string[]; phrases: string[] }[];
  /** Readout word → plan word it also stands for: `arctic` → `polar`. */
  related: Record<string, string>;
  /** One-kanji country names of Japanese pair forms: `IT` → `伊` (日伊). */
  pairShort: Record<string, string>;
  /** Region names that hold a country's name: `インド太平洋` (Indo-Pacific) is not India. */
  notCountries: string[];
  /** Regular expressions (strings) for sentences that are not evidence: footnotes, captions, breadcrumbs. */
  notEvidence: string[];
  /** Regular expressions (strings) for a line opening reference material, after which nothing is evidence. */
  referenceHeadings: string[];
  /** Regular expressions (strings) for numbered heading lines: `2. G7 Hiroshima Summit`. */
  headings: string[];
  /** Regular expressions (strings) for one-sided remarks: a step is not reported by "stated that …". */
  remarks: string[];
  /** Regular expressions (strings) for a decision or step a remark reports ("stated that Japan decided to provide …"): not a mere remark. */
  decisions: string[];
  /** Regular expressions (strings) for an exchange of views ("exchanged views", "意見交換"): no step unless an agreement follows. */
  views: string[];
  /** Regular expressions (strings) for a joint agreement ("agreed", "一致"): an exchange of views that ends in one reports a step. */
  agreements: string[];
}

let linking: LinkingVocabulary | undefined;
let lexicon: [string, string][] | undefined;

export function loadLinkingVocabulary(): LinkingVocabulary {
  return (linking ??= readJson<LinkingVocabulary>(`${here}linking.json`));
}

/**
 * The Japanese → English lexicon of cooperation plans and readouts (vocab/ja-en.json):
 * `[["薬剤耐性", "antimicrobial resistance"], …]`, so both languages meet in one term space.
 */
export function loadJaEnLexicon(): [string, string][] {
  return (lexicon ??= Object.entries(readJson<Record<string, string>>(`${here}ja-en.json`)).filter(([k]) => !k.startsWith('_')));
}

/** A partner language: German or Spanish (vocab/languages.json). */
export type PartnerLanguage = 'de' | 'es';

/** Words of documents written in a partner's language (vocab/languages.json documents each list with an example). */
export interface LanguageVocabulary {
  detect: Record<PartnerLanguage | 'en', string[]>;
  parties: Record<PartyCode, Partial<Record<PartnerLanguage, { names: string[]; adjectives: string[] }>>>;
  pairLinks: Record<PartnerLanguage, string[]>;
  /** Title words with the kind they name, as `["Plan de Acción", "action_plan"]`. */
  titleKinds: Record<PartnerLanguage, [string, string][]>;
  titleLabels: Record<PartnerLanguage, string[]>;
  /** Month names, January first; variants joined by "|". */
  months: Record<PartnerLanguage, string[]>;
  mechanismHeads: Record<PartnerLanguage, string[]>;
  mechanismComplements: Record<PartnerLanguage, string[]>;
  internationalWords: string[];
  complementWords: Record<PartnerLanguage, string[]>;
  instrumentHeads: Record<PartnerLanguage, [string, string][]>;
  instrumentComplements: Record<PartnerLanguage, string[]>;
  selfReferences: Record<PartnerLanguage, string[]>;
  viewSubjects: Record<PartnerLanguage, string[]>;
  viewVerbs: Record<PartnerLanguage, string[]>;
  signingWords: Record<PartnerLanguage, string[]>;
  cadence: Record<'annual' | 'biennial' | 'regular', string[]>;
  agreementCues: Record<PartnerLanguage, string[]>;
  firmVerbs: Record<PartnerLanguage, string[]>;
  exploratoryCues: Record<PartnerLanguage, string[]>;
}

let languages: LanguageVocabulary | undefined;

export function loadLanguageVocabulary(): LanguageVocabulary {
  return (languages ??= readJson<LanguageVocabulary>(`${here}languages.json`));
}
