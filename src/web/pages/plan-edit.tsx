// Correcting a plan's details (title, kind, parties, period, signing) with the extractor's reading shown
// beside each field and a way to put it back; removing a plan (a duplicate upload) or merging it into the plan
// it duplicates, the list of removed plans, and restoring one.
// Plain HTML forms (POST → redirect with a confirmation); refused input is shown again with its errors.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { ConflictError, InvalidEditError, KizunaError } from '../../errors.js';
import { authorOf } from '../../http/edits.js';
import { PLAN_FIELDS, planCorrect, planDetails, planMerge, planRemove, planRestore, planRevert, plansRemoved, type PlanEdit, type PlanField } from '../../ops/plan-edit.js';
import { DOCUMENT_KINDS } from '../../types.js';
import { ErrorMessage, ErrorSummary, fieldErrors, formFields, type FieldError } from '../forms.js';
import { planTitle } from '../components.js';
import { on, only } from '../../auth/policy.js';

const fieldId = (field: string) => ((PLAN_FIELDS as readonly string[]).includes(field) ? `pe-${field}` : undefined);
const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;

type Details = Awaited<ReturnType<typeof planDetails>>;
type Values = Record<PlanField, string>;

/** A field's value as the form shows it (parties joined, null empty). */
function shown(details: Pick<Details, PlanField>, field: PlanField): string {
  const value = details[field];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** The fields whose submitted value differs from the current one, as an edit (empty text → null). */
export function editFromForm(form: Record<string, string | undefined>, current: Pick<Details, PlanField>): PlanEdit {
  const edit: Record<string, unknown> = {};
  for (const field of PLAN_FIELDS) {
    const raw = form[field];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (value === shown(current, field)) continue;
    if (field === 'parties') edit.parties = value.split(/[\s,、，]+/).filter(Boolean).map((p) => p.toUpperCase());
    else if (field === 'kind') edit.kind = value;
    else edit[field] = value === '' ? null : value;
  }
  return edit as PlanEdit;
}

function EditForm(props: { ctx: PageContext; id: string; details: Details; values: Values; version: number; errors: Record<string, FieldError>; message?: string }) {
  const { ctx, details, values, errors } = props;
  const { tr } = ctx;
  const extractedOf = (field: PlanField) => (details.extracted ? shown(details.extracted, field) : '');
  const Field = (p: { field: PlanField; hint?: string; children: unknown }) => {
    const error = errors[p.field];
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={`pe-${p.field}`}>
          {tr.t(`planEdit.field.${p.field}`)}
          {details.corrected.includes(p.field) ? <span class="muted"> ({tr.t('planEdit.corrected')})</span> : null}
        </label>
        {p.hint ? (
          <p class="hint-text" id={`pe-${p.field}-hint`}>
            {p.hint}
          </p>
        ) : null}
        <ErrorMessage ctx={ctx} error={error} />
        {p.children}
        {details.corrected.includes(p.field) ? <p class="hint-text">{tr.t('planEdit.extracted', { value: extractedOf(p.field) || tr.t('planEdit.empty') })}</p> : null}
      </div>
    );
  };
  const describedBy = (field: PlanField, hint: boolean) => [hint ? `pe-${field}-hint` : '', errors[field] ? `pe-${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const text = (field: PlanField, hint = false) => (
    <input type="text" id={`pe-${field}`} name={field} value={values[field]} aria-describedby={describedBy(field, hint)} aria-invalid={errors[field] ? 'true' : undefined} />
  );
  return (
    <>
      <ErrorSummary ctx={ctx} errors={Object.values(errors)} message={props.message} />
      <form class="edit-form" method="post" action={`${planPath(props.id)}/edit`} novalidate>
        <input type="hidden" name="version" value={String(props.version)} />
        <Field field="title">{text('title')}</Field>
        <Field field="kind">
          <select id="pe-kind" name="kind" aria-describedby={describedBy('kind', false)}>
            {DOCUMENT_KINDS.map((k) => (
              <option value={k} selected={values.kind === k}>
                {tr.t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field field="parties" hint={tr.t('planEdit.hint.parties')}>
          {text('parties', true)}
        </Field>
        <Field field="periodStart" hint={tr.t('planEdit.hint.date')}>
          {text('periodStart', true)}
        </Field>
        <Field field="periodEnd" hint={tr.t('planEdit.hint.date')}>
          {text('periodEnd', true)}
        </Field>
        <Field field="signedDate" hint={tr.t('planEdit.hint.date')}>
          {text('signedDate', true)}
        </Field>
        <Field field="signedPlace">{text('signedPlace')}</Field>
        <p class="actions">
          <button type="submit" class="primary">
            {tr.t('planEdit.save')}
          </button>
          <a href={planPath(props.id)}>{tr.t('form.cancel')}</a>
        </p>
      </form>
      {details.corrected.length ? (
        <form method="post" action={`${planPath(props.id)}/revert`}>
          <input type="hidden" name="version" value={String(props.version)} />
          {details.corrected.map((f) => (
            <input type="hidden" name="fields" value={f} />
          ))}
          <p>
            <button type="submit">{tr.t('planEdit.revert')}</button>
          </p>
        </form>
      ) : null}
    </>
  );
}

async function editPage(ctx: PageContext, id: string, state?: { values?: Values; errors: Record<string, FieldError>; message?: string }): Promise<PageContent> {
  const { tr } = ctx;
  // Only a plan the asker may read (the register is scoped to them) has an edit page.
  if (!(await ctx.deps.register.getPlan(id))) throw new KizunaError('not-found', tr.t('plan.notFound', { id }));
  const details = await planDetails(ctx.deps.store, id);
  const values = state?.values ?? (Object.fromEntries(PLAN_FIELDS.map((f) => [f, shown(details, f)])) as Values);
  const title = tr.t('planEdit.title');
  const body = (
    <>
      <p class="crumbs">
        <a href={planPath(id)}>{planTitle(ctx, details)}</a>
      </p>
      <h1>{title}</h1>
      <p>{tr.t('planEdit.intro')}</p>
      <EditForm ctx={ctx} id={id} details={details} values={values} version={details.version} errors={state?.errors ?? {}} message={state?.message} />
    </>
  );
  return { title, body };
}

/** The version a form was read at (a stale one is refused like an API If-Match). */
function formVersion(form: Record<string, string | undefined>): number {
  const version = Number(form.version);
  if (!Number.isInteger(version) || version < 1) throw new KizunaError('invalid-request', 'The form is missing its version; reload the page.', [{ name: 'version', reason: 'is required' }]);
  return version;
}

/** Plans removed or merged, their files kept: when, by whom, how, and "Restore". */
async function removedPage(ctx: PageContext): Promise<PageContent> {
  const { tr } = ctx;
  const removed = await plansRemoved(ctx.deps.store);
  const title = tr.t('removed.title');
  const body = (
    <>
      <h1>{title}</h1>
      <p>{tr.t('removed.intro')}</p>
      {removed.length ? (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t('plan.title')}</th>
                <th scope="col">{tr.t('removed.file')}</th>
                <th scope="col">{tr.t('removed.when')}</th>
                <th scope="col">{tr.t('removed.by')}</th>
                <th scope="col">{tr.t('removed.how')}</th>
                <th scope="col">
                  <span class="visually-hidden">{tr.t('removed.restore')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {removed.map((r) => (
                <tr>
                  <th scope="row" id={`r-${r.planId}`}>
                    {r.title ?? r.documentName}
                  </th>
                  <td>{r.documentName}</td>
                  <td>{r.removedAt ? tr.date(r.removedAt.slice(0, 10)) : '—'}</td>
                  <td>{r.removedBy ?? '—'}</td>
                  <td>
                    {r.action === 'merge' && r.into ? (
                      <>
                        {tr.t('removed.mergedInto')} <a href={planPath(r.into)}>{r.into}</a>
                      </>
                    ) : (
                      tr.t('removed.removed')
                    )}
                  </td>
                  <td>
                    <form method="post" action={`${planPath(r.planId)}/restore`}>
                      <button type="submit" aria-describedby={`r-${r.planId}`}>
                        {tr.t('removed.restore')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{tr.t('removed.none')}</p>
      )}
    </>
  );
  return { title, body };
}

export const planEditPages: WebPage[] = [
  {
    method: 'get',
    path: '/plans/removed',
    permission: only('upload'),
    handle: (ctx) => removedPage(ctx),
  },
  {
    method: 'post',
    path: '/plans/:id/merge',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const form = await formFields(ctx);
      const merged = await planMerge(ctx.deps.store, ctx.c.req.param('id') ?? '', form.into ?? '', authorOf(ctx.c));
      const params = new URLSearchParams({ done: 'merged', updates: String(merged.updates), meetings: String(merged.meetings) });
      return ctx.c.redirect(`${planPath(merged.into)}?${params}`, 303);
    },
  },
  {
    method: 'get',
    path: '/plans/:id/edit',
    permission: on('coordinate', 'plan'),
    handle: (ctx) => editPage(ctx, ctx.c.req.param('id') ?? ''),
  },
  {
    method: 'post',
    path: '/plans/:id/edit',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await formFields(ctx);
      const details = await planDetails(ctx.deps.store, id);
      const values = Object.fromEntries(PLAN_FIELDS.map((f) => [f, form[f] ?? shown(details, f)])) as Values;
      const edit = editFromForm(form, details);
      if (!Object.keys(edit).length) return ctx.c.redirect(`${planPath(id)}?done=unchanged`, 303);
      try {
        await planCorrect(ctx.deps.store, id, formVersion(form), edit, authorOf(ctx.c), ctx.deps.now());
      } catch (error) {
        if (error instanceof InvalidEditError) {
          const page = await editPage(ctx, id, { values, errors: fieldErrors(error.invalidParams, fieldId, ctx.tr.lang) });
          return { ...page, status: 422 };
        }
        if (error instanceof ConflictError) {
          const page = await editPage(ctx, id, { values, errors: {}, message: ctx.tr.t('form.stale') });
          return { ...page, status: 409 };
        }
        throw error;
      }
      return ctx.c.redirect(`${planPath(id)}?done=corrected`, 303);
    },
  },
  {
    method: 'post',
    path: '/plans/:id/revert',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const form = await ctx.c.req.formData().catch(() => null);
      const fields = (form?.getAll('fields') ?? []).filter((f): f is PlanField => typeof f === 'string' && (PLAN_FIELDS as readonly string[]).includes(f));
      const version = formVersion({ version: typeof form?.get('version') === 'string' ? (form.get('version') as string) : undefined });
      try {
        await planRevert(ctx.deps.store, id, version, fields, authorOf(ctx.c), ctx.deps.now());
      } catch (error) {
        if (error instanceof ConflictError) return { ...(await editPage(ctx, id, { errors: {}, message: ctx.tr.t('form.stale') })), status: 409 };
        throw error;
      }
      return ctx.c.redirect(`${planPath(id)}?done=reverted`, 303);
    },
  },
  {
    method: 'post',
    path: '/plans/:id/remove',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const removed = await planRemove(ctx.deps.store, id, authorOf(ctx.c));
      const params = new URLSearchParams({ done: 'removed', plan: removed.id, title: removed.title ?? removed.id });
      return ctx.c.redirect(`/?${params}`, 303);
    },
  },
  {
    method: 'post',
    path: '/plans/:id/restore',
    permission: only('upload'),
    async handle(ctx) {
      const restored = await planRestore(ctx.deps.store, ctx.c.req.param('id') ?? '', authorOf(ctx.c));
      const back = restored.updates + restored.meetings ? `?done=restoredTracking&updates=${restored.updates}&meetings=${restored.meetings}` : '?done=restored';
      return ctx.c.redirect(`${planPath(restored.planId)}${back}`, 303);
    },
  },
];
