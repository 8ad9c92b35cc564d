// Upload: drop or choose a file → extraction → review (fix strength, section, actors; split or merge
// units) → save; the reviewer's changes are stored as corrections, apart from what the extractor said.
import type { PageContent, PageContext, WebPage } from '../page.js';
import type { Extraction } from '../../types.js';
import { DOCUMENT_KINDS } from '../../types.js';
import { DuplicateList } from '../forms.js';
import { KizunaError } from '../../errors.js';
import { draftFromUpload } from '../../ops/drafts.js';
import { receivedFile } from '../../http/multipart.js';
import { planTitle } from '../components.js';
import { UNDER_READ_RULE } from '../../extract/coverage.js';
import { duplicatesOfExtraction } from '../../ops/plan-edit.js';
import { scopeOf } from '../../http/principal.js';
import { on, only } from '../../auth/policy.js';
import { authorOf } from '../../http/edits.js';

/**
 * The plan's details as extracted, editable before saving (title, kind, parties, period, signing); the
 * client sends the changed ones with the save and they are stored as corrections of the plan.
 */
function PlanDetailsFields(props: { ctx: PageContext; metadata: Extraction['metadata'] }) {
  const { ctx, metadata } = props;
  const { tr } = ctx;
  const initial: Record<string, string> = {
    title: metadata.title ?? '',
    parties: metadata.parties.join(', '),
    periodStart: metadata.period.start ?? '',
    periodEnd: metadata.period.end ?? '',
    signedDate: metadata.signed.date ?? '',
    signedPlace: metadata.signed.place ?? '',
  };
  const text = (field: string, hint?: string) => (
    <p class="field">
      <label for={`m-${field}`}>{tr.t(`planEdit.field.${field}` as 'planEdit.field.title')}</label>
      {hint ? (
        <span class="hint-text" id={`m-${field}-hint`}>
          {hint}
        </span>
      ) : null}
      <input type="text" id={`m-${field}`} data-meta={field} data-initial={initial[field]} value={initial[field]} aria-describedby={hint ? `m-${field}-hint` : undefined} />
    </p>
  );
  return (
    <fieldset class="plan-details">
      <legend>{tr.t('review.details')}</legend>
      {text('title')}
      <p class="field">
        <label for="m-kind">{tr.t('planEdit.field.kind')}</label>
        <select id="m-kind" data-meta="kind" data-initial={metadata.kind}>
          {DOCUMENT_KINDS.map((k) => (
            <option value={k} selected={metadata.kind === k}>
              {tr.t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </p>
      {text('parties', tr.t('planEdit.hint.parties'))}
      {text('periodStart', tr.t('planEdit.hint.date'))}
      {text('periodEnd', tr.t('planEdit.hint.date'))}
      {text('signedDate', tr.t('planEdit.hint.date'))}
      {text('signedPlace')}
    </fieldset>
  );
}

export const uploadPages: WebPage[] = [
  {
    method: 'get',
    path: '/upload',
    nav: { label: 'nav.upload', order: 50, editing: true },
    permission: only('upload'),
    handle(ctx): PageContent {
      const { tr } = ctx;
      const body = (
        <>
          <h1>{tr.t('upload.title')}</h1>
          <p>{tr.t('upload.intro')}</p>
          <form id="upload-form" class="upload" method="post" action="/upload" enctype="multipart/form-data">
            <div class="dropzone" id="dropzone" data-drop={tr.t('upload.dropHere')}>
              <label for="file">{tr.t('upload.choose')}</label>
              <input id="file" name="file" type="file" accept=".pdf,.docx,.html,.htm,.txt,.md,.markdown" required aria-describedby="upload-help" />
              <p id="upload-help" class="muted">
                {tr.t('upload.help', { mb: String(Math.round(ctx.deps.maxUploadBytes / 1024 / 1024)) })}
              </p>
            </div>
            <p>
              <button type="submit" class="primary">
                {tr.t('upload.submit')}
              </button>
            </p>
          </form>
        </>
      );
      return { title: tr.t('upload.title'), body };
    },
  },
  {
    method: 'post',
    path: '/upload',
    permission: only('upload'),
    async handle(ctx) {
      const form = await ctx.c.req.formData().catch(() => null);
      const file = form?.get('file');
      if (!file || typeof file === 'string') throw new KizunaError('invalid-request', ctx.tr.t('upload.noFile'));
      const draft = await draftFromUpload(ctx.deps.drafts, receivedFile(file), { maxBytes: ctx.deps.maxUploadBytes, now: ctx.deps.now() }, authorOf(ctx.c));
      return ctx.c.redirect(`/upload/${draft.id}`, 303);
    },
  },
  {
    method: 'get',
    path: '/upload/:id',
    permission: on('upload', 'draft'),
    async handle(ctx): Promise<PageContent> {
      const { tr, labels } = ctx;
      const draft = await ctx.deps.drafts.get(ctx.c.req.param('id') ?? '', ctx.deps.now().getTime());
      if (!draft) throw new KizunaError('not-found', tr.t('review.gone'));
      const { extraction } = draft;
      const duplicates = await duplicatesOfExtraction(ctx.deps.store, extraction, scopeOf(ctx.c));
      const sectionName = (id: string) => {
        const s = extraction.sections.find((x) => x.id === id);
        return s ? [s.number, s.title].filter(Boolean).join(' ') || s.id : id;
      };
      const body = (
        <>
          <h1>{tr.t('review.title', { name: draft.name })}</h1>
          {duplicates.length ? (
            <div class="warning" role="alert">
              <p>{tr.t('dup.warning')}</p>
              <DuplicateList ctx={ctx} duplicates={duplicates} />
            </div>
          ) : null}
          <dl class="facts">
            <dt>{tr.t('plan.title')}</dt>
            <dd>{planTitle(ctx, { title: extraction.metadata.title, documentName: draft.name })}</dd>
            <dt>{tr.t('plan.parties')}</dt>
            <dd>{extraction.metadata.parties.map((p) => labels.party(p)).join(' – ') || '—'}</dd>
            <dt>{tr.t('plan.period')}</dt>
            <dd>
              {tr.date(extraction.metadata.period.start)} – {tr.date(extraction.metadata.period.end)}
            </dd>
            <dt>{tr.t('plan.commitments')}</dt>
            <dd>{tr.number(extraction.commitments.length)}</dd>
          </dl>
          {draft.messages.some((m) => m.rule === UNDER_READ_RULE) ? (
            <p class="warning" role="alert">
              {tr.t('review.underRead', {
                actions: tr.number(extraction.coverage.actionLike),
                uncovered: tr.number(extraction.coverage.actionLike - extraction.coverage.covered),
                commitments: tr.number(extraction.commitments.length),
              })}
            </p>
          ) : null}
          {draft.messages.length ? (
            <details class="messages">
              <summary>{tr.t('review.messages', { n: draft.messages.length })}</summary>
              <ul>
                {draft.messages.map((m) => (
                  <li>{`${m.place ? `${m.place.line}:${m.place.column}: ` : ''}${m.reason} [${m.rule}]`}</li>
                ))}
              </ul>
            </details>
          ) : null}
          <p class="hint">{tr.t('review.hint')}</p>
          <form id="review-form" data-draft={draft.id} data-split-hint={tr.t('review.splitHint')} data-split-mark={tr.t('review.splitMark')} data-merge-mark={tr.t('review.mergeMark')} data-failed={tr.t('review.failed')}>
            <PlanDetailsFields ctx={ctx} metadata={extraction.metadata} />
            <ol class="review-list">
              {extraction.commitments.map((c, i) => {
                const next = extraction.commitments[i + 1];
                return (
                  <li class="review-item" data-c={c.id} data-next={next?.id ?? ''}>
                    <p class="key">
                      <code>{c.id}</code> {c.section ? <span class="muted">{c.section}</span> : null}
                    </p>
                    <label for={`t-${i}`} class="visually-hidden">
                      {tr.t('review.text', { key: c.id })}
                    </label>
                    <textarea id={`t-${i}`} readonly rows={3} data-role="text">
                      {c.text}
                    </textarea>
                    <div class="review-controls">
                      <p class="field">
                        <label for={`s-${i}`}>{tr.t('facet.strength')}</label>
                        <select id={`s-${i}`} data-field="strength" data-initial={c.strength}>
                          {(['firm', 'intent', 'exploratory'] as const).map((s) => (
                            <option value={s} selected={c.strength === s}>
                              {labels.strength(s)}
                            </option>
                          ))}
                        </select>
                      </p>
                      <p class="field">
                        <label for={`sec-${i}`}>{tr.t('commitment.section')}</label>
                        <select id={`sec-${i}`} data-field="sectionId" data-initial={c.sectionId ?? ''}>
                          <option value="">—</option>
                          {extraction.sections.map((s) => (
                            <option value={s.id} selected={s.id === c.sectionId}>
                              {sectionName(s.id)}
                            </option>
                          ))}
                        </select>
                      </p>
                      <p class="field">
                        <label for={`a-${i}`}>{tr.t('commitment.actors')}</label>
                        <select id={`a-${i}`} data-field="actors" multiple size={3} data-initial={c.actors.join('\n')}>
                          {extraction.organizations.map((o) => (
                            <option value={o.id} selected={c.actors.includes(o.id)}>
                              {ctx.labels.organization(o)}
                            </option>
                          ))}
                        </select>
                      </p>
                      <p class="field buttons">
                        <button type="button" data-action="split">
                          {tr.t('review.split')}
                        </button>
                        {next ? (
                          <button type="button" data-action="merge">
                            {tr.t('review.merge')}
                          </button>
                        ) : null}
                      </p>
                    </div>
                    <p class="pending" aria-live="polite"></p>
                  </li>
                );
              })}
            </ol>
            <p class="save-bar">
              <button type="submit" class="primary">
                {tr.t('review.save')}
              </button>{' '}
              <span class="status" role="status" aria-live="polite"></span>
            </p>
          </form>
        </>
      );
      return { title: tr.t('review.title', { name: draft.name }), body };
    },
  },
];
