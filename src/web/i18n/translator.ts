// The interface language without the request: the message catalogs (en.json, ja.json, same keys — a test checks),
// dates and numbers per locale, and localized labels of vocabulary values. Kept apart from index.ts (which chooses
// the language per request) so the annual review's documents (track/review.ts) speak from the same catalog as the
// pages without pulling in the web framework.
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };
import type { IsoDate } from '../../types.js';
import type { Vocabulary } from '../../vocab/index.js';
import { STATUS_LABELS, isStatus } from '../../track/status.js';

export type Lang = 'en' | 'ja';
export type MessageKey = keyof typeof en;
export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ja };
export const langs: readonly Lang[] = ['en', 'ja'];

/** Placeholder values of a message: text as is, `{key, params?}` said from the catalog too (an entity's name, a reason). */
export type SaidParams = { [name: string]: string | number | { key: MessageKey; params?: SaidParams } };

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** A catalog message in a language with its `{name}` placeholders filled: `fill('ja', 'plan.count', {n: 3})`. */
export function fill(lang: Lang, key: MessageKey, vars?: SaidParams): string {
  const text = catalogs[lang][key] ?? key;
  return vars
    ? text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = vars[name];
        return value === undefined ? whole : typeof value === 'object' ? fill(lang, value.key, value.params) : String(value);
      })
    : text;
}

/**
 * An error's text in a language: its catalog message when it was raised with one, else its message (English, or
 * already in the page's language when a page raised it with `tr.t`).
 */
export const sayError = (lang: Lang, error: { message: string; said?: { key: MessageKey; params?: SaidParams } }): string =>
  error.said ? fill(lang, error.said.key, error.said.params) : error.message;

const locales: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

export interface Translator {
  lang: Lang;
  /** `t('plan.count', {n: 3})` fills `{n}` placeholders. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A partial ISO date as precise as it is: `2024` → 2024, `2024-06` → June 2024 / 2024年6月. */
  date(iso: IsoDate | null | undefined): string;
  number(n: number): string;
  /** An error as the reader should see it: `sayError` in this language. */
  error(error: { message: string; said?: { key: MessageKey; params?: SaidParams } }): string;
}

export function translator(lang: Lang): Translator {
  const locale = locales[lang];
  const numberFormat = new Intl.NumberFormat(locale);
  const formats = {
    year: new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' }),
    month: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }),
    day: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  };
  return {
    lang,
    t: (key, vars) => fill(lang, key, vars),
    date(iso) {
      if (!iso) return '—';
      // "2024", "2024-06", "2024-06-14".
      const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
      if (!match) return iso;
      const [, y, m, d] = match;
      const when = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
      return (d ? formats.day : m ? formats.month : formats.year).format(when);
    },
    number: (n) => numberFormat.format(n),
    error: (error) => sayError(lang, error),
  };
}

/** Localized names of themes, parties and strengths (from the vocabulary and catalogs). */
export interface Labels {
  theme(id: string): string;
  party(code: string | null): string;
  strength(value: string): string;
  /** An implementation status (`in_progress_limited` → In progress (limited) / 進行中（限定的）). */
  status(value: string): string;
  /** A body's name with its acronym, in Japanese on Japanese pages where the gazetteer has it. */
  organization(org: { id: string; name: string; acronym: string | null }): string;
  vocabulary: Vocabulary;
}

/** The labels in a language: names from the vocabulary, strengths and statuses from the catalogs. */
export function labelsFor(lang: Lang, vocabulary: Vocabulary, tr: Translator): Labels {
  const themes = new Map(vocabulary.themes.map((t) => [t.id, t.label[lang]]));
  const parties = new Map(vocabulary.parties.map((p) => [p.code, lang === 'ja' && p.ja ? p.ja : (p.names[0] ?? p.code)]));
  // Register ids of gazetteer bodies are `<party>:<gazetteer id>` (JP:meti).
  const orgJa = new Map(vocabulary.organizations.filter((o) => o.ja).map((o) => [`${o.party}:${o.id}`, o.ja!]));
  return {
    theme: (id) => themes.get(id) ?? id,
    party: (code) => (code ? (parties.get(code) ?? code) : '—'),
    strength: (value) => (value === 'firm' || value === 'intent' || value === 'exploratory' ? tr.t(`strength.${value}`) : value),
    status: (value) => (isStatus(value) ? STATUS_LABELS[value][lang] : value),
    organization: (org) => {
      // Japanese pages name a body by its Japanese name from the gazetteer (経済産業省 for METI) when it has one.
      const ja = lang === 'ja' ? orgJa.get(org.id) : undefined;
      const name = ja ?? org.name;
      return org.acronym && org.acronym !== name ? `${name} (${org.acronym})` : name;
    },
    vocabulary,
  };
}
