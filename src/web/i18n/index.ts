// The interface language per request: ?lang= → cookie → Accept-Language. Catalogs, the translator and labels
// are in translator.ts (no web framework there: the review's documents use them too).
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Lang } from './translator.js';
import { acceptedLang } from '../../http/lang.js';

export * from './translator.js';

/** ?lang=ja switches and remembers (cookie); otherwise the cookie, then the browser's preference. */
export function chooseLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'ja') {
    setCookie(c, 'lang', asked, { path: '/', sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365 });
    return asked;
  }
  const cookie = getCookie(c, 'lang');
  if (cookie === 'en' || cookie === 'ja') return cookie;
  return acceptedLang(c);
}

