// Forms that behave (GOV.UK patterns): an error summary at the top linking to each field, the message next
// to the field, the user's input kept; a confirmation banner after a successful POST-redirect-GET.
import type { PageContext } from './page.js';
import type { InvalidParam } from '../errors.js';
import type { Lang, MessageKey } from './i18n/index.js';
import { KizunaError, sayReason } from '../errors.js';
import type { EvidenceInput } from '../ops/tracking-status.js';
import type { DuplicateCandidate } from '../ops/plan-edit.js';

/** A refused field: the input's id (for the summary's link) and the message shown next to it. */
export interface FieldError {
  id: string;
  message: string;
}

/** `<form field name> → FieldError` from an error's invalid params (`edit.periodEnd` → field `periodEnd`), said in `lang`. */
export function fieldErrors(params: InvalidParam[] | undefined, idOf: (field: string) => string | undefined, lang: Lang): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const p of params ?? []) {
    const field = p.name.split('.').at(-1) ?? p.name;
    const id = idOf(field);
    if (id && !out[field]) out[field] = { id, message: sayReason(lang, p) };
  }
  return out;
}

export function ErrorSummary(props: { ctx: PageContext; errors: FieldError[]; message?: string }) {
  if (!props.errors.length && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.ctx.tr.t('form.errorSummary')}</h2>
      {props.message ? <p>{props.message}</p> : null}
      {props.errors.length ? (
        <ul>
          {props.errors.map((e) => (
            <li>
              <a href={`#${e.id}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The message shown above a refused input (refer to it with aria-describedby=`${id}-error`). */
export function ErrorMessage(props: { ctx: PageContext; error?: FieldError }) {
  if (!props.error) return null;
  return (
    <p class="error-message" id={`${props.error.id}-error`}>
      <span class="visually-hidden">{props.ctx.tr.t('form.error')} </span>
      {props.error.message}
    </p>
  );
}

/**
 * A confirmation after success (`?done=saved` on the page redirected to), or nothing. `undo` (the POST address
 * that reverses it, for the `done` values that can be undone) adds a one-click "Undo" button.
 */
export function Confirmation(props: { ctx: PageContext; messages: Partial<Record<string, MessageKey>>; vars?: Record<string, string>; undo?: Partial<Record<string, string>> }) {
  const done = props.ctx.c.req.query('done');
  const key = done ? props.messages[done] : undefined;
  if (!key) return null;
  const undo = done ? props.undo?.[done] : undefined;
  return (
    <div class="confirmation" role="status">
      <p>{props.ctx.tr.t(key, props.vars)}</p>
      {undo ? (
        <form method="post" action={undo} class="inline">
          <button type="submit">{props.ctx.tr.t('form.undo')}</button>
        </form>
      ) : null}
    </div>
  );
}

/** A form's fields as strings (absent → undefined); files are left out. */
export async function formFields(ctx: PageContext): Promise<Record<string, string | undefined>> {
  const form = await ctx.c.req.formData().catch(() => null);
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of form?.entries() ?? []) if (typeof value === 'string') out[name] = value;
  return out;
}

/**
 * A posted form with evidence: `text(name)` is a field's string ('' when absent) and `evidence()` the link in
 * `url` then the file in `file` (refused past the upload limit before it is read), whichever were given.
 */
export async function evidenceForm(ctx: PageContext): Promise<{ text: (name: string) => string; evidence: () => Promise<EvidenceInput[]> }> {
  const form = await ctx.c.req.formData().catch(() => null);
  const text = (name: string) => {
    const value = form?.get(name);
    return typeof value === 'string' ? value : '';
  };
  const evidence = async (): Promise<EvidenceInput[]> => {
    const given: EvidenceInput[] = [];
    const url = text('url').trim();
    if (url) given.push({ kind: 'url', url });
    const file = form?.get('file');
    if (file && typeof file !== 'string' && file.size > 0) {
      if (file.size > ctx.deps.maxUploadBytes) throw new KizunaError('payload-too-large', `${file.name} is ${file.size} bytes; the limit is ${ctx.deps.maxUploadBytes}.`);
      given.push({ kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), ...(file.type ? { mediaType: file.type } : {}) });
    }
    return given;
  };
  return { text, evidence };
}

/**
 * The plans a document duplicates, each linked, with why (same file, or same partnership, title and most
 * commitments); on a stored plan's page (`mergeFrom`), each with a button merging that plan into it.
 */
export function DuplicateList(props: { ctx: PageContext; duplicates: DuplicateCandidate[]; mergeFrom?: string }) {
  const { tr } = props.ctx;
  return (
    <ul>
      {props.duplicates.map((d) => (
        <li>
          <a href={`/plans/${encodeURIComponent(d.planId)}`} id={`dup-${d.planId}`}>
            {d.title || d.documentName}
          </a>{' '}
          ({d.documentName}) — {tr.t(`dup.${d.reason}`, { percent: String(Math.round(d.overlap * 100)) })}
          {props.mergeFrom ? (
            <form method="post" action={`/plans/${encodeURIComponent(props.mergeFrom)}/merge`} class="inline">
              <input type="hidden" name="into" value={d.planId} />
              <button type="submit" aria-describedby={`dup-${d.planId}`}>
                {tr.t('dup.merge')}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
