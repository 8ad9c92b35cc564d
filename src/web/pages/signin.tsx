// Signing in and out (a password, or the ministry's identity provider through OpenID Connect), and the
// administrator's page of accounts: invite someone with a role, add a grant, disable an account.
import type { PageContext, WebPage } from '../page.js';
import type { PageContent } from '../page.js';
import { READ, only } from '../../auth/policy.js';
import { KizunaError } from '../../errors.js';
import { ROLES, type Grant, type Role } from '../../auth/principal.js';
import { addAccount, listAccounts, setDisabled, signInWithPassword, signOut, roleOf, type AccountSummary } from '../../ops/accounts.js';
import { clientIp, endSession, startSession } from '../../http/session.js';
import { beginOidcSignIn, finishOidcSignIn } from '../../ops/accounts-oidc.js';
import { authorOf } from '../../http/edits.js';
import { principalOf } from '../../http/principal.js';
import { Confirmation, ErrorMessage, ErrorSummary, fieldErrors, formFields, type FieldError } from '../forms.js';

/** Where to go after signing in: a path of this site only (`/plans/p-1`), never `//evil.example` or a URL. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

function SignInForm(props: { ctx: PageContext; next: string; email: string; message?: string }) {
  const { tr } = props.ctx;
  const oidc = props.ctx.deps.auth?.oidc;
  return (
    <section class="signin">
      <h1>{tr.t('signin.title')}</h1>
      <ErrorSummary ctx={props.ctx} errors={[]} message={props.message} />
      <Confirmation ctx={props.ctx} messages={{ 'signed-out': 'signin.signedOut' }} />
      {oidc ? (
        <p>
          <a class="button primary" href={`/signin/oidc?next=${encodeURIComponent(props.next)}`}>
            {tr.t('signin.oidc', { name: oidc.name })}
          </a>
        </p>
      ) : null}
      <form class="edit-form" method="post" action="/signin" novalidate>
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="signin-email">{tr.t('signin.email')}</label>
          <input type="email" id="signin-email" name="email" value={props.email} autocomplete="username" spellcheck={false} required />
        </div>
        <div class="field">
          <label for="signin-password">{tr.t('signin.password')}</label>
          <input type="password" id="signin-password" name="password" autocomplete="current-password" required />
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {tr.t('signin.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

const signInPage = (ctx: PageContext, next: string, email = '', message?: string, status?: number): PageContent => ({
  title: ctx.tr.t('signin.title'),
  body: <SignInForm ctx={ctx} next={next} email={email} message={message} />,
  ...(status ? { status } : {}),
});

function grantLabel(ctx: PageContext, g: Grant): string {
  const role = ctx.tr.t(`role.${g.role}`);
  if (g.role === 'admin') return role;
  const org = g.organizationId ? ` · ${g.organizationId}` : '';
  return `${role}: ${g.partnershipId} (${ctx.labels.party(g.side)})${org}`;
}

type InviteField = 'email' | 'name' | 'role' | 'partnership' | 'side' | 'organization' | 'password';
const INVITE_FIELDS: InviteField[] = ['email', 'name', 'role', 'partnership', 'side', 'organization', 'password'];

function AccountsPage(props: { ctx: PageContext; accounts: AccountSummary[]; values: Partial<Record<InviteField, string>>; errors: Record<string, FieldError>; message?: string }) {
  const { ctx, values, errors } = props;
  const { tr } = ctx;
  const input = (field: InviteField, type = 'text', hint = false) => (
    <div class={errors[field] ? 'field has-error' : 'field'}>
      <label for={`acc-${field}`}>{tr.t(`accounts.field.${field}`)}</label>
      {hint ? (
        <p class="hint-text" id={`acc-${field}-hint`}>
          {tr.t(`accounts.hint.${field}` as 'accounts.hint.password')}
        </p>
      ) : null}
      <ErrorMessage ctx={ctx} error={errors[field]} />
      <input type={type} id={`acc-${field}`} name={field} value={type === 'password' ? '' : (values[field] ?? '')} autocomplete="off" aria-describedby={hint ? `acc-${field}-hint` : undefined} />
    </div>
  );
  return (
    <>
      <h1>{tr.t('accounts.title')}</h1>
      <ErrorSummary ctx={ctx} errors={Object.values(errors)} message={props.message} />
      <Confirmation ctx={ctx} messages={{ invited: 'accounts.invited', granted: 'accounts.granted', disabled: 'accounts.disabledDone', enabled: 'accounts.enabledDone' }} />
      <table class="accounts">
        <caption>{tr.t('accounts.caption', { n: props.accounts.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{tr.t('accounts.field.email')}</th>
            <th scope="col">{tr.t('accounts.field.name')}</th>
            <th scope="col">{tr.t('accounts.grants')}</th>
            <th scope="col">{tr.t('accounts.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <td>{a.email}</td>
              <td>{a.name}</td>
              <td>{a.grants.length ? a.grants.map((g) => grantLabel(ctx, g)).join('; ') : tr.t('accounts.noGrants')}</td>
              <td>
                <form method="post" action="/admin/accounts/state" class="inline">
                  <input type="hidden" name="email" value={a.email} />
                  <input type="hidden" name="disabled" value={a.disabled ? 'no' : 'yes'} />
                  {a.disabled ? tr.t('accounts.disabled') : tr.t('accounts.enabled')}{' '}
                  <button type="submit" class="link">
                    {a.disabled ? tr.t('accounts.enable') : tr.t('accounts.disable')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr.t('accounts.invite')}</h2>
      <p class="hint-text">{tr.t('accounts.inviteHint')}</p>
      <form class="edit-form" method="post" action="/admin/accounts" novalidate>
        {input('email', 'email')}
        {input('name')}
        <div class={errors.role ? 'field has-error' : 'field'}>
          <label for="acc-role">{tr.t('accounts.field.role')}</label>
          <ErrorMessage ctx={ctx} error={errors.role} />
          <select id="acc-role" name="role">
            {ROLES.map((r) => (
              <option value={r} selected={(values.role ?? 'coordinator') === r}>
                {tr.t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {input('partnership', 'text', true)}
        {input('side', 'text', true)}
        {input('organization', 'text', true)}
        {input('password', 'password', true)}
        <p class="actions">
          <button type="submit" class="primary">
            {tr.t('accounts.submit')}
          </button>
        </p>
      </form>
    </>
  );
}

async function accountsPage(ctx: PageContext, state: { values?: Partial<Record<InviteField, string>>; errors?: Record<string, FieldError>; message?: string; status?: number } = {}): Promise<PageContent> {
  return {
    title: ctx.tr.t('accounts.title'),
    body: <AccountsPage ctx={ctx} accounts={await listAccounts(ctx.deps.store)} values={state.values ?? {}} errors={state.errors ?? {}} message={state.message} />,
    ...(state.status ? { status: state.status } : {}),
  };
}

/** The grant a form describes (`role`, `partnership`, `side`, `organization`). */
export function grantFromForm(form: Record<string, string | undefined>): Grant {
  const role: Role = roleOf(form.role ?? '');
  const value = (name: string, upper = false) => {
    const v = form[name]?.trim();
    return v ? (upper ? v.toUpperCase() : v) : null;
  };
  return role === 'admin'
    ? { role, partnershipId: null, side: null, organizationId: null }
    : { role, partnershipId: value('partnership', true), side: value('side', true), organizationId: role === 'contributor' ? value('organization') : null };
}

const fieldIdOf = (field: string) => (INVITE_FIELDS.includes(field as InviteField) ? `acc-${field}` : field === 'grant' ? 'acc-role' : undefined);

export const signInPages: WebPage[] = [
  {
    method: 'get',
    path: '/signin',
    permission: READ,
    handle: (ctx) => signInPage(ctx, safeNext(ctx.c.req.query('next'))),
  },
  {
    method: 'post',
    path: '/signin',
    permission: READ,
    async handle(ctx) {
      const form = await formFields(ctx);
      const next = safeNext(form.next);
      try {
        const session = await signInWithPassword(ctx.deps.store, { email: form.email ?? '', password: form.password ?? '', ip: clientIp(ctx.c, ctx.deps) });
        // A session the browser had before (or one planted in it) ends here: the new one shares nothing with it.
        const before = ctx.c.get('sessionToken');
        if (before) await signOut(ctx.deps.store, before, false);
        startSession(ctx.c, ctx.deps, session);
        return ctx.c.redirect(next, 303);
      } catch (error) {
        if (error instanceof KizunaError && (error.code === 'unauthorized' || error.code === 'too-many-requests')) {
          const message = ctx.tr.t(error.code === 'unauthorized' ? 'signin.failed' : 'signin.tooMany');
          return signInPage(ctx, next, form.email ?? '', message, error.code === 'unauthorized' ? 401 : 429);
        }
        throw error;
      }
    },
  },
  {
    method: 'get',
    path: '/signin/oidc',
    permission: READ,
    async handle(ctx) {
      const oidc = ctx.deps.auth?.oidc;
      if (!oidc) throw new KizunaError('not-found', 'No identity provider is configured (KIZUNA_OIDC_*).');
      return ctx.c.redirect((await beginOidcSignIn(ctx.deps.store, oidc, safeNext(ctx.c.req.query('next')))).href, 303);
    },
  },
  {
    method: 'get',
    path: '/signin/oidc/callback',
    permission: READ,
    async handle(ctx) {
      const oidc = ctx.deps.auth?.oidc;
      if (!oidc) throw new KizunaError('not-found', 'No identity provider is configured (KIZUNA_OIDC_*).');
      try {
        const { session, returnTo } = await finishOidcSignIn(ctx.deps.store, oidc, new URL(ctx.c.req.url).search);
        const before = ctx.c.get('sessionToken');
        if (before) await signOut(ctx.deps.store, before, false);
        startSession(ctx.c, ctx.deps, session);
        return ctx.c.redirect(safeNext(returnTo), 303);
      } catch (error) {
        if (error instanceof KizunaError && error.code === 'unauthorized') return signInPage(ctx, '/', '', ctx.tr.t('signin.oidcFailed', { reason: ctx.tr.error(error) }), 401);
        throw error;
      }
    },
  },
  {
    method: 'post',
    path: '/signout',
    permission: only('account'),
    async handle(ctx) {
      const form = await formFields(ctx);
      const token = ctx.c.get('sessionToken');
      if (token) await signOut(ctx.deps.store, token, form.everywhere === 'yes');
      endSession(ctx.c, ctx.deps);
      return ctx.c.redirect('/signin?done=signed-out', 303);
    },
  },
  {
    method: 'get',
    path: '/admin/accounts',
    permission: only('administer'),
    nav: { label: 'nav.accounts', order: 90 },
    handle: (ctx) => accountsPage(ctx),
  },
  {
    method: 'post',
    path: '/admin/accounts',
    permission: only('administer'),
    async handle(ctx) {
      const form = await formFields(ctx);
      const values = Object.fromEntries(INVITE_FIELDS.map((f) => [f, form[f]]));
      try {
        const grant = grantFromForm(form);
        await addAccount(ctx.deps.store, { email: form.email ?? '', name: form.name ?? '', password: form.password || null, grants: [grant], language: ctx.tr.lang }, authorOf(ctx.c));
      } catch (error) {
        if (error instanceof KizunaError && (error.code === 'invalid-request' || error.code === 'conflict')) {
          const errors = fieldErrors(error.invalidParams, fieldIdOf, ctx.tr.lang);
          // One field at fault (the e-mail, the password, the grant): the refusal, in the page's language, is its message.
          const [field, ...others] = Object.keys(errors);
          if (field && !others.length && error.said) errors[field] = { ...errors[field]!, message: ctx.tr.error(error) };
          return accountsPage(ctx, { values, errors, message: Object.keys(errors).length ? undefined : ctx.tr.error(error), status: error.code === 'conflict' ? 409 : 422 });
        }
        throw error;
      }
      return ctx.c.redirect('/admin/accounts?done=invited', 303);
    },
  },
  {
    method: 'post',
    path: '/admin/accounts/state',
    permission: only('administer'),
    async handle(ctx) {
      const form = await formFields(ctx);
      const disable = form.disabled === 'yes';
      if (disable && form.email?.toLowerCase() === principalOf(ctx.c).account?.email) {
        return accountsPage(ctx, { message: ctx.tr.t('accounts.notSelf'), status: 409 });
      }
      await setDisabled(ctx.deps.store, form.email ?? '', disable, authorOf(ctx.c));
      return ctx.c.redirect(`/admin/accounts?done=${disable ? 'disabled' : 'enabled'}`, 303);
    },
  },
];
