// E-mail messages in the recipient's language (English or Japanese, catalog.json), each as plain text and
// HTML with the same content and a link into the app. Document text in a message is data: escaped in HTML.
import catalog from './catalog.json' with { type: 'json' };

export type MailLanguage = 'en' | 'ja';
export type MailKey = keyof typeof catalog.en;
export const mailCatalogs: Record<MailLanguage, Record<MailKey, string>> = catalog;

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A day as the recipient reads it: 2026-03-31 → 31 March 2026 / 2026年3月31日. */
export function mailDate(day: string, language: MailLanguage): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

export interface MessageSpec {
  language: MailLanguage;
  name: string;
  subject: MailKey;
  /** The paragraph that says what this is about. */
  body: MailKey;
  vars: Record<string, string | number>;
  /** Lines listed under the body (commitments, with their last update). */
  items?: string[];
  action: { label: MailKey; url: string };
  /** Why this person receives it: the variables of `whyKey` (default `why`: following a partnership). */
  why: Record<string, string>;
  whyKey?: MailKey;
}

/** One catalog text in a language, placeholders filled: `mailText('ja', 'stale.since', {date})`. */
export const mailText = (language: MailLanguage, key: MailKey, vars: Record<string, string | number> = {}): string => fill(mailCatalogs[language][key], vars);

/** The message in the recipient's language, as plain text and HTML. */
export function composeMessage(spec: MessageSpec): MailContent {
  const t = (key: MailKey, vars: Record<string, string | number> = {}) => mailText(spec.language, key, vars);
  const subject = t(spec.subject, spec.vars);
  const greeting = t('greeting', { name: spec.name });
  const body = t(spec.body, spec.vars);
  const action = t(spec.action.label);
  const why = t(spec.whyKey ?? 'why', spec.why);
  const signoff = t('signoff');
  const items = spec.items ?? [];
  const text = [greeting, '', body, ...(items.length ? ['', ...items.map((i) => `- ${i}`)] : []), '', `${action}: ${spec.action.url}`, '', '-- ', why, signoff, ''].join('\n');
  const html = `<!doctype html><html lang="${spec.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
${items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''}
<p><a href="${escapeHtml(spec.action.url)}">${escapeHtml(action)}</a></p>
<hr><p><small>${escapeHtml(why)}<br>${escapeHtml(signoff)}</small></p>
</body></html>`;
  return { subject, text, html };
}
