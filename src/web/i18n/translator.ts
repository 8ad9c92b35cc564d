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

const locales: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

export interface Translator {
  lang: Lang;
  /** `t('plan.count', {n: 3})` fills `{n}` placeholders. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A partial ISO date as precise as it is: `2024` → 2024, `2024-06` → June 2024 / 2024年6月. */
  date(iso: IsoDate | null | undefined): string;
  number(n: number): string;
}

export function translator(lang: Lang): Translator {
  const catalog = catalogs[lang];
  const locale = locales[lang];
  const numberFormat = new Intl.NumberFormat(locale);
  const formats = {
    year: new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' }),
    month: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }),
    day: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  };
  return {
    lang,
    t(key, vars) {
      const text = catalog[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole)) : text;
    },
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
