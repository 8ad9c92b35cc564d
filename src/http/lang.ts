// The language a client asks for by its Accept-Language header: what pages fall back to without ?lang= or a
// cookie, and what the API's documents and problem+json details are written in.
import type { Context } from 'hono';
import type { Lang } from '../web/i18n/translator.js';

/** The client's first preference: "ja,en-US;q=0.8" → ja; "en-GB,en;q=0.9" or none → en. */
export const acceptedLang = (c: Context): Lang => (/^\s*ja\b/i.test(c.req.header('Accept-Language') ?? '') ? 'ja' : 'en');

/** `?lang=en|ja` when given, else the Accept-Language preference. */
export const askedLang = (c: Context, asked: unknown = c.req.query('lang')): Lang => (asked === 'en' || asked === 'ja' ? asked : acceptedLang(c));
