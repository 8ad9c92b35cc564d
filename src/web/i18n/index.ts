// The interface language: message catalogs (en.json, ja.json, same keys — a test checks), the choice of
// language per request (?lang= → cookie → Accept-Language), and dates and numbers formatted per locale.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };
import type { IsoDate } from '../../types.js';

export type Lang = 'en' | 'ja';
export type MessageKey = keyof typeof en;
export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ja };
export const langs: readonly Lang[] = ['en', 'ja'];

const locales: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

/** ?lang=ja switches and remembers (cookie); otherwise the cookie, then the browser's preference. */
export function chooseLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'ja') {
    setCookie(c, 'lang', asked, { path: '/', sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365 });
    return asked;
  }
  const cookie = getCookie(c, 'lang');
  if (cookie === 'en' || cookie === 'ja') return cookie;
  // "ja,en-US;q=0.8" → ja; "en-GB,en;q=0.9" → en.
  return /^\s*ja\b/i.test(c.req.header('Accept-Language') ?? '') ? 'ja' : 'en';
}

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
