// Who may read what, and what was done: changing an item's visibility, partnerships' default visibility,
// publishing a plan, and the audit trail (every change, per plan or per account) with its CSV download.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { KizunaError } from '../../errors.js';
import { authorOf } from '../../http/edits.js';
import { principalOf } from '../../http/principal.js';
import { changeDefaultVisibility, changeVisibility, coordinates, partnerships, publishPlan, readVisibility, type VisibleItemKind } from '../../ops/visibility.js';
import { auditTrail, type AuditEvent, type AuditSelection } from '../../ops/audit.js';
import { Confirmation, formFields } from '../forms.js';
import { VISIBILITIES } from '../../auth/principal.js';
import { READ, on, only } from '../../auth/policy.js';

/** The path's kind of item (`progress-updates`) → the op's. */
const KINDS: Record<string, VisibleItemKind> = { 'progress-updates': 'progress_update', meetings: 'meeting', 'link-proposals': 'link_proposal', corrections: 'correction' };

const PAGE = 100;

/** A page of this site to go back to (`/commitments/x#h-progress`), never another site (`//evil`, `https:`). */
const sameSite = (back: string | undefined, fallback: string) => (back && /^\/(?![/\\])/.test(back) ? back : fallback);

const withDone = (path: string, done: string) => {
  const [before, hash] = path.split('#');
  return `${before}${before!.includes('?') ? '&' : '?'}done=${done}${hash ? `#${hash}` : ''}`;
};

function selectionOf(ctx: PageContext): AuditSelection {
  const plan = ctx.c.req.query('plan');
  const account = ctx.c.req.query('account');
  return plan ? { plan } : account ? { account } : {};
}

/** A value of an event's before/after, short: `{"visibility":"internal"}` → `visibility: internal`. */
function brief(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const text = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

async function auditPage(ctx: PageContext): Promise<PageContent> {
  const { tr } = ctx;
  const selection = selectionOf(ctx);
  const offset = Math.max(0, Number(ctx.c.req.query('offset') ?? 0) || 0);
  const trail = await auditTrail(ctx.deps.store, principalOf(ctx.c), selection, { limit: PAGE, offset });
  const plan = 'plan' in selection ? await ctx.deps.register.getPlan(selection.plan) : null;
  const title =
    'plan' in selection ? tr.t('audit.forPlan', { title: plan?.title ?? selection.plan }) : 'account' in selection ? tr.t('audit.forAccount', { account: selection.account }) : tr.t('audit.all');
  const query = new URLSearchParams('plan' in selection ? { plan: selection.plan } : 'account' in selection ? { account: selection.account } : {});
  const at = (o: number) => `/audit?${new URLSearchParams({ ...Object.fromEntries(query), offset: String(o) })}`;
  const row = (e: AuditEvent) => (
    <tr>
      <td>
        <time datetime={e.at}>{e.at.replace('T', ' ').slice(0, 19)}</time>
      </td>
      <td>
        <a href={`/audit?${new URLSearchParams({ account: e.actor })}`}>{e.actor}</a>
        {e.imported ? (
          <>
            {' '}
            <span class="badge" title={tr.t('audit.importedHint')}>
              {tr.t('audit.imported')}
            </span>
          </>
        ) : null}
      </td>
      <td>
        {e.entity} <code>{e.entityId}</code>
      </td>
      <td>{e.action}</td>
      <td class="change">
        {brief(e.before)}
        {e.before !== null && e.after !== null ? ' → ' : ''}
        {brief(e.after)}
      </td>
    </tr>
  );
  const body = (
    <>
      <h1>{title}</h1>
      <p>{tr.t('audit.intro')}</p>
      <p>
        {tr.t('audit.count', { count: tr.number(trail.total) })} · <a href={`/api/audit.csv${query.size ? `?${query}` : ''}`}>{tr.t('audit.csv')}</a>
      </p>
      {trail.items.length ? (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t('audit.at')}</th>
                <th scope="col">{tr.t('audit.actor')}</th>
                <th scope="col">{tr.t('audit.entity')}</th>
                <th scope="col">{tr.t('audit.action')}</th>
                <th scope="col">{tr.t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>{trail.items.map(row)}</tbody>
          </table>
        </div>
      ) : (
        <p>{tr.t('audit.none')}</p>
      )}
      <p>
        {offset > 0 ? <a href={at(Math.max(0, offset - PAGE))}>{tr.t('audit.newer')}</a> : null}
        {offset > 0 && offset + PAGE < trail.total ? ' · ' : null}
        {offset + PAGE < trail.total ? <a href={at(offset + PAGE)}>{tr.t('audit.older')}</a> : null}
      </p>
    </>
  );
  return { title, body };
}

export const visibilityPages: WebPage[] = [
  {
    method: 'post',
    path: '/visibility/:kind/:id',
    permission: only('account'),
    async handle(ctx) {
      const kind = KINDS[ctx.c.req.param('kind') ?? ''];
      if (!kind) throw new KizunaError('not-found', `No kind of item '${ctx.c.req.param('kind')}'.`);
      const fields = await formFields(ctx);
      const visibility = readVisibility(fields.visibility);
      if (!visibility) throw new KizunaError('invalid-request', 'visibility must be internal, shared or public', [{ name: 'visibility', reason: 'is required' }]);
      await changeVisibility(ctx.deps.store, kind, ctx.c.req.param('id') ?? '', visibility, authorOf(ctx.c), principalOf(ctx.c));
      return ctx.c.redirect(withDone(sameSite(fields.back, '/'), 'visibility'), 303);
    },
  },
  {
    method: 'post',
    path: '/plans/:id/published',
    permission: on('coordinate', 'plan'),
    async handle(ctx) {
      const id = ctx.c.req.param('id') ?? '';
      const fields = await formFields(ctx);
      const published = fields.published === 'true';
      await publishPlan(ctx.deps.store, id, published, authorOf(ctx.c), principalOf(ctx.c));
      return ctx.c.redirect(`/plans/${encodeURIComponent(id)}?done=${published ? 'published' : 'unpublished'}`, 303);
    },
  },
  {
    method: 'get',
    path: '/partnerships',
    permission: READ,
    async handle(ctx): Promise<PageContent> {
      const { tr, labels } = ctx;
      const principal = principalOf(ctx.c);
      const all = await partnerships(ctx.deps.store);
      const body = (
        <>
          <h1>{tr.t('partnerships.title')}</h1>
          <Confirmation ctx={ctx} messages={{ saved: 'partnerships.saved' }} />
          <p>{tr.t('partnerships.intro')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t('partnerships.partnership')}</th>
                <th scope="col">{tr.t('partnerships.default')}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((p) => (
                <tr>
                  <th scope="row">{p.parties.map((party) => labels.party(party)).join(' – ')}</th>
                  <td>
                    {coordinates(principal, p.id) ? (
                      <form method="post" action={`/partnerships/${encodeURIComponent(p.id)}/visibility`} class="inline">
                        <label for={`d-${p.id}`} class="visually-hidden">
                          {tr.t('partnerships.default')}
                        </label>
                        <select id={`d-${p.id}`} name="visibility">
                          {VISIBILITIES.map((v) => (
                            <option value={v} selected={p.defaultVisibility === v}>
                              {tr.t(`visibility.${v}`)}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit">{tr.t('partnerships.save')}</button>
                      </form>
                    ) : (
                      tr.t(`visibility.${p.defaultVisibility}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
      return { title: tr.t('partnerships.title'), body };
    },
  },
  {
    method: 'post',
    path: '/partnerships/:id/visibility',
    permission: only('administer'),
    async handle(ctx) {
      const fields = await formFields(ctx);
      const visibility = readVisibility(fields.visibility);
      if (!visibility) throw new KizunaError('invalid-request', 'visibility must be internal, shared or public', [{ name: 'visibility', reason: 'is required' }]);
      await changeDefaultVisibility(ctx.deps.store, ctx.c.req.param('id') ?? '', visibility, authorOf(ctx.c), principalOf(ctx.c));
      return ctx.c.redirect('/partnerships?done=saved', 303);
    },
  },
  {
    method: 'get',
    path: '/audit',
    permission: only('administer'),
    handle: auditPage,
  },
];
