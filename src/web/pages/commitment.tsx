// One commitment: its text, strength and cue, themes, actors, the instruments and mechanisms it names,
// a correction form (strength, section) and similar commitments with other partners (precedent).
import type { PageContent, PageContext, WebPage } from '../page.js';
import { InvalidUpdateError, KizunaError, saidList, type Said } from '../../errors.js';
import { fill, type Lang } from '../i18n/translator.js';
import { Parties, StatusBadge, StrengthBadge, ThemeChips } from '../components.js';
import { authorOf } from '../../http/edits.js';
import { recordUpdate, statusOf, undoWithdraw, withdrawUpdate } from '../../ops/tracking-status.js';
import { STATUSES, isStatus } from '../../track/status.js';
import { Confirmation, ErrorMessage, ErrorSummary, evidenceForm, type FieldError } from '../forms.js';
import { etagOf } from '../../http/edits.js';
import { commitmentPanels } from '../panels.js';
import { principalOf, scopeOf } from '../../http/principal.js';
import { editing, VisibilityBadge, VisibilityField, VisibilityChange } from '../chrome.js';
import { readVisibility } from '../../ops/visibility.js';
import { READ, allows, on, type TargetScope } from '../../auth/policy.js';
import { scopeOfTarget } from '../../ops/accounts.js';

const within = (inner: { start: number; end: number }, outer: { start: number; end: number }) => inner.start >= outer.start && inner.end <= outer.end;

export const commitmentPages: WebPage[] = [
  {
    method: 'get',
    path: '/commitments/:id',
    permission: READ,
    handle: (ctx) => commitmentPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/commitments/:id/progress',
    permission: on('report', 'commitment'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await evidenceForm(ctx);
      const text = form.text;
      const values: ProgressValues = { status: text('status'), date: text('date'), note: text('note'), url: text('url'), visibility: text('visibility') };
      const evidence = await form.evidence();
      try {
        if (!isStatus(values.status)) throw new InvalidUpdateError([{ key: 'error.progress.chooseStatus', params: { expected: STATUSES.join(', ') } }]);
        const visibility = readVisibility(values.visibility);
        await recordUpdate(
          ctx.deps.store,
          { commitmentId: id, status: values.status, note: values.note, evidence, author: authorOf(ctx.c), principal: principalOf(ctx.c), ...(visibility ? { visibility } : {}), ...(values.date ? { date: values.date } : {}) },
          ctx.deps.now(),
        );
      } catch (error) {
        if (error instanceof InvalidUpdateError) return { ...(await commitmentPage(ctx, id, { values, errors: progressErrors(error, ctx.tr.lang) })), status: 422 };
        throw error;
      }
      return ctx.c.redirect(`/commitments/${encodeURIComponent(id)}?done=progress#h-progress`, 303);
    },
  },
  {
    method: 'post',
    path: '/commitments/:id/progress/:update/withdraw',
    permission: on('report', 'update', 'update'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const update = ctx.c.req.param('update') ?? '';
      await withdrawUpdate(ctx.deps.store, id, update, authorOf(ctx.c));
      return ctx.c.redirect(`/commitments/${encodeURIComponent(id)}?${new URLSearchParams({ done: 'withdrawn', update })}#h-progress`, 303);
    },
  },
  {
    // "Undo" on the confirmation: the update is gone after a withdrawal, so the permission is checked on its commitment.
    method: 'post',
    path: '/commitments/:id/progress/:update/undo',
    permission: on('report', 'commitment'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      await undoWithdraw(ctx.deps.store, id, ctx.c.req.param('update') ?? '', authorOf(ctx.c));
      return ctx.c.redirect(`/commitments/${encodeURIComponent(id)}?done=withdrawUndone#h-progress`, 303);
    },
  },
];

interface ProgressValues {
  status: string;
  date: string;
  note: string;
  url: string;
  visibility: string;
}

/** Each problem of a refused update next to the field it is about (track/status.ts words them by field). */
function progressErrors(error: InvalidUpdateError, lang: Lang): Record<string, FieldError> {
  const byField = new Map<string, Said[]>();
  error.problems.forEach((problem, i) => {
    // "note is empty", "date 2030-01-01 is in the future", "evidence 'x' is not an http(s) URL", "completed needs at least one piece of evidence"
    const field = /^note\b/.test(problem) ? 'note' : /^date\b/.test(problem) ? 'date' : /evidence/.test(problem) ? 'url' : 'status';
    byField.set(field, [...(byField.get(field) ?? []), error.reasons[i]!]);
  });
  return Object.fromEntries([...byField].map(([field, reasons]) => {
    const said = saidList(reasons);
    return [field, { id: `p-${field}`, message: fill(lang, said.key, said.params) }];
  }));
}

async function commitmentPage(ctx: PageContext, id: string, state?: { values: ProgressValues; errors: Record<string, FieldError> }): Promise<PageContent> {
      const { tr, labels } = ctx;
      const commitment = await ctx.deps.register.getCommitment(id);
      if (!commitment) throw new KizunaError('not-found', tr.t('commitment.notFound', { id }));
      const [progress, target, plan, similar, panels] = await Promise.all([
        statusOf(ctx.deps.store, commitment.id, scopeOf(ctx.c)),
        scopeOfTarget(ctx.deps.store, ctx.deps.drafts, 'commitment', commitment.id, ctx.deps.now()),
        ctx.deps.register.getPlan(commitment.planId),
        ctx.deps.register.similar(id, 8),
        Promise.all(commitmentPanels.map((panel) => panel(ctx, commitment))),
      ]);
      const lower = commitment.text.toLowerCase();
      const instruments = (plan?.instruments ?? []).filter((i) => within(i.span, commitment.span) || lower.includes(i.title.toLowerCase()));
      const mechanisms = (plan?.mechanisms ?? []).filter((m) => within(m.span, commitment.span) || lower.includes(m.name.toLowerCase()));
      const planLink = `/plans/${encodeURIComponent(commitment.planId)}#c=${encodeURIComponent(commitment.id)}`;
      const body = (
        <>
          <p class="crumbs">
            <a href={planLink}>{commitment.planTitle || tr.t('plan.untitled')}</a>
            {commitment.section ? ` › ${commitment.section}` : ''}
          </p>
          <h1 class="visually-hidden">{tr.t('commitment.title', { key: commitment.key })}</h1>
          <blockquote class="commitment-text">
            <p>{commitment.text}</p>
          </blockquote>
          <p>
            <a href={planLink}>{tr.t('commitment.inSource')}</a>
          </p>
          <dl class="facts">
            <dt>{tr.t('facet.status')}</dt>
            <dd>
              <a href="#h-progress">
                <StatusBadge ctx={ctx} status={progress.status} />
              </a>
            </dd>
            <dt>{tr.t('facet.strength')}</dt>
            <dd>
              <StrengthBadge ctx={ctx} strength={commitment.strength} />
              {commitment.strengthCue ? <span class="muted"> {tr.t('commitment.cue', { cue: commitment.strengthCue })}</span> : null}
            </dd>
            <dt>{tr.t('plan.parties')}</dt>
            <dd>
              <Parties ctx={ctx} parties={commitment.parties} />
            </dd>
            <dt>{tr.t('facet.theme')}</dt>
            <dd>
              <ThemeChips ctx={ctx} themes={commitment.themes} />
            </dd>
            <dt>{tr.t('commitment.actors')}</dt>
            <dd>
              {commitment.actors.length ? (
                <ul class="chips">
                  {commitment.actors.map((a) => (
                    <li>
                      <a href={`/search?organization=${encodeURIComponent(a.id)}`}>{ctx.labels.organization(a)}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">—</span>
              )}
            </dd>
            <dt>{tr.t('plan.instruments')}</dt>
            <dd>{instruments.length ? instruments.map((i) => i.title).join('; ') : <span class="muted">—</span>}</dd>
            <dt>{tr.t('plan.mechanisms')}</dt>
            <dd>{mechanisms.length ? mechanisms.map((m) => `${m.name} (${tr.t(`cadence.${m.cadence}`)})`).join('; ') : <span class="muted">—</span>}</dd>
            <dt>{tr.t('commitment.version')}</dt>
            <dd>
              {String(commitment.version)}
              {commitment.corrected ? ` · ${tr.t('commitment.corrected')}` : ''}
            </dd>
          </dl>
          <Progress ctx={ctx} id={commitment.id} target={target!} status={progress.status} updates={progress.updates} state={state} />
          {editing(ctx.c) ? (
          <section aria-labelledby="h-correct">
            <h2 id="h-correct">{tr.t('commitment.correct')}</h2>
            <form class="correct" id="correct-form" data-id={commitment.id} data-etag={etagOf(commitment.version)}>
              <p class="field">
                <label for="c-strength">{tr.t('facet.strength')}</label>
                <select id="c-strength" name="strength">
                  {(['firm', 'intent', 'exploratory'] as const).map((s) => (
                    <option value={s} selected={commitment.strength === s}>
                      {labels.strength(s)}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <label for="c-section">{tr.t('commitment.section')}</label>
                <select id="c-section" name="sectionId">
                  <option value="">—</option>
                  {(plan?.sections ?? []).map((s) => (
                    <option value={s.id} selected={s.id === commitment.sectionId}>
                      {[s.number, s.title].filter(Boolean).join(' ') || s.id}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <button type="submit">{tr.t('commitment.save')}</button>
              </p>
              <p class="status" role="status" aria-live="polite" data-saved={tr.t('commitment.saved')} data-stale={tr.t('commitment.stale')} data-failed={tr.t('commitment.failed')}></p>
            </form>
          </section>
          ) : null}
          <section aria-labelledby="h-similar">
            <h2 id="h-similar">{tr.t('commitment.similar')}</h2>
            {similar.length ? (
              <ol class="similar">
                {similar.map(({ commitment: other, score }) => (
                  <li>
                    <p>
                      <a href={`/commitments/${encodeURIComponent(other.id)}`}>{other.text}</a>
                    </p>
                    <p class="meta">
                      <Parties ctx={ctx} parties={other.parties} /> · {other.planTitle || tr.t('plan.untitled')} · <StrengthBadge ctx={ctx} strength={other.strength} />{' '}
                      <span class="muted">{tr.t('commitment.score', { score: score.toFixed(2) })}</span>
                    </p>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{tr.t('commitment.noSimilar')}</p>
            )}
          </section>
          {panels}
        </>
      );
      return { title: commitment.text.slice(0, 60), body };
}

type Update = Awaited<ReturnType<typeof statusOf>>['updates'][number];

/** Where "Undo" posts after an update was withdrawn (`&update=…` on the redirect), for someone who may write. */
function withdrawnUpdate(ctx: PageContext, commitmentId: string): Record<string, string> | undefined {
  const update = ctx.c.req.query('update');
  if (!update || !editing(ctx.c)) return undefined;
  return { withdrawn: `/commitments/${encodeURIComponent(commitmentId)}/progress/${encodeURIComponent(update)}/undo` };
}

/**
 * Status now, every update with its evidence (files downloadable) and the form to record progress. Forms and
 * buttons appear only where the policy would accept them: the form for whoever may report on this commitment
 * (a contributor only when their organization acts on it), withdrawing and re-scoping an update for its side.
 */
function Progress(props: { ctx: PageContext; id: string; target: TargetScope; status: string; updates: Update[]; state?: { values: ProgressValues; errors: Record<string, FieldError> } }) {
  const { ctx, state } = props;
  const { tr } = ctx;
  const errors = state?.errors ?? {};
  const values = state?.values ?? { status: props.status, date: '', note: '', url: '', visibility: '' };
  const principal = principalOf(ctx.c);
  const editor = allows(principal, 'report', props.target);
  const ofUpdate = (u: Update): TargetScope => ({ ...props.target, author: u.author, side: u.side });
  const describedBy = (field: string, hint?: boolean) => [hint ? `p-${field}-hint` : '', errors[field] ? `p-${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <section aria-labelledby="h-progress">
      <h2 id="h-progress">{tr.t('progress.title')}</h2>
      <Confirmation
        ctx={ctx}
        messages={{ progress: 'progress.saved', withdrawn: 'progress.withdrawn', withdrawUndone: 'progress.withdrawUndone' }}
        undo={withdrawnUpdate(ctx, props.id)}
      />
      <p>
        <StatusBadge ctx={ctx} status={props.status} />
      </p>
      <h3>{tr.t('progress.history')}</h3>
      {props.updates.length ? (
        <ol class="history">
          {[...props.updates].reverse().map((u) => (
            <li>
              <p>
                <strong id={`u-${u.id}`}>{tr.date(u.date)}</strong> · <StatusBadge ctx={ctx} status={u.status} /> · <span class="muted">{tr.t('progress.by', { author: u.author })}</span>{' '}
                <VisibilityBadge ctx={ctx} visibility={u.visibility} side={u.side} />
              </p>
              <p>{u.note}</p>
              {allows(principal, 'coordinate', ofUpdate(u)) ? (
                <VisibilityChange ctx={ctx} kind="progress-updates" id={u.id} visibility={u.visibility} back={`/commitments/${encodeURIComponent(props.id)}#h-progress`} />
              ) : null}
              {allows(principal, 'report', ofUpdate(u)) ? (
                <form method="post" action={`/commitments/${encodeURIComponent(props.id)}/progress/${encodeURIComponent(u.id)}/withdraw`}>
                  <button type="submit" class="danger" aria-describedby={`u-${u.id}`}>
                    {tr.t('progress.withdraw')}
                  </button>
                </form>
              ) : null}
              {u.evidence.length ? (
                <ul class="evidence">
                  {u.evidence.map((e) => (
                    <li>
                      {e.kind === 'url' ? (
                        <a href={e.url} rel="noreferrer noopener">
                          {e.title ?? e.url}
                        </a>
                      ) : (
                        <a href={`/api/evidence/${e.sha256}`} download={e.name}>
                          {e.name}
                        </a>
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{tr.t('progress.none')}</p>
      )}
      {editor ? (
      <>
      <h3 id="h-record">{tr.t('progress.record')}</h3>
      <ErrorSummary ctx={ctx} errors={Object.values(errors)} />
      <form class="edit-form" method="post" action={`/commitments/${encodeURIComponent(props.id)}/progress`} enctype="multipart/form-data" novalidate>
        <div class={errors.status ? 'field has-error' : 'field'}>
          <label for="p-status">{tr.t('facet.status')}</label>
          <ErrorMessage ctx={ctx} error={errors.status} />
          <select id="p-status" name="status" aria-describedby={describedBy('status')}>
            {STATUSES.map((s) => (
              <option value={s} selected={s === values.status}>
                {ctx.labels.status(s)}
              </option>
            ))}
          </select>
        </div>
        <div class={errors.date ? 'field has-error' : 'field'}>
          <label for="p-date">{tr.t('progress.date')}</label>
          <p class="hint-text" id="p-date-hint">
            {tr.t('progress.dateHint')}
          </p>
          <ErrorMessage ctx={ctx} error={errors.date} />
          <input id="p-date" name="date" type="date" value={values.date} aria-describedby={describedBy('date', true)} />
        </div>
        <div class={errors.note ? 'field has-error' : 'field'}>
          <label for="p-note">{tr.t('progress.note')}</label>
          <ErrorMessage ctx={ctx} error={errors.note} />
          <textarea id="p-note" name="note" rows={3} aria-describedby={describedBy('note')}>
            {values.note}
          </textarea>
        </div>
        <div class={errors.url ? 'field has-error' : 'field'}>
          <label for="p-url">{tr.t('progress.evidenceUrl')}</label>
          <ErrorMessage ctx={ctx} error={errors.url} />
          <input id="p-url" name="url" type="url" value={values.url} aria-describedby={describedBy('url')} />
        </div>
        <div class="field">
          <label for="p-file">{tr.t('progress.evidenceFile')}</label>
          <input id="p-file" name="file" type="file" />
        </div>
        <VisibilityField ctx={ctx} id="p-visibility" selected={values.visibility} />
        <p>
          <button type="submit" class="primary">
            {tr.t('progress.save')}
          </button>
        </p>
      </form>
      </>
      ) : null}
    </section>
  );
}
