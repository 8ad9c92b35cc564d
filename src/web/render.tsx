// Mounts the web pages: language choice, the shared layout (landmarks, navigation, language switch),
// static assets, and the HTML face of the one error handler.
import type { Context, Hono } from 'hono';
import { depsFor, type AppDeps } from '../http/deps.js';
import type { KizunaError } from '../errors.js';
import { httpStatus } from '../http/problem.js';
import { chooseLang, labelsFor, translator, type Lang, type Translator } from './i18n/index.js';
import type { PageContent, WebPage } from './page.js';
import { assetResponse, assetUrl } from './assets.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { editing } from './chrome.js';
import { authorize } from '../http/authorize.js';
import { principalOf } from '../http/principal.js';
import { CSRF_FIELD, issueCsrfCookie } from '../http/session.js';
import { AccessError } from '../errors.js';
import type { Account, Principal } from '../auth/principal.js';
import { allows } from '../auth/policy.js';

function Layout(props: { tr: Translator; content: PageContent; pages: WebPage[]; path: string; search: string; account: Account | null; signIn: boolean; principal: Principal; editor: boolean }) {
  const { tr, content } = props;
  // Only what the person may open: a page needing a target is never in the navigation.
  const nav = props.pages.filter((p) => p.nav && (props.editor || !p.nav.editing) && !p.permission.target && allows(props.principal, p.permission.action, null)).sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
  const switchTo = (lang: Lang) => {
    const params = new URLSearchParams(props.search);
    params.set('lang', lang);
    return `${props.path}?${params}`;
  };
  const other: Lang = tr.lang === 'en' ? 'ja' : 'en';
  return (
    <html lang={tr.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${content.title} · Kizuna`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <script type="module" src={assetUrl('app.js')}></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {tr.t('layout.skip')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            Kizuna <span lang="ja">絆</span>
          </a>
          <nav aria-label={tr.t('layout.nav')}>
            <ul>
              {nav.map((page) => {
                const current = page.path === props.path || (page.path !== '/' && props.path.startsWith(page.path));
                return (
                  <li>
                    <a href={page.path} aria-current={current ? 'page' : undefined}>
                      {tr.t(page.nav!.label)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <a class="lang" href={switchTo(other)} hreflang={other} lang={other}>
            {other === 'ja' ? '日本語' : 'English'}
          </a>
          {props.account ? (
            <form class="account" method="post" action="/signout">
              <span>{props.account.name}</span> <button type="submit" class="link">{tr.t('signin.signOut')}</button>
            </form>
          ) : props.signIn ? (
            <a class="account" href={`/signin?next=${encodeURIComponent(props.path)}`}>
              {tr.t('signin.link')}
            </a>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {content.body}
        </main>
        <footer class="site">
          <p>
            {tr.t('layout.footer')} · <a href="/api/openapi.json">OpenAPI</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

function pageContextOf(c: Context, deps: AppDeps) {
  const tr = translator(chooseLang(c));
  return { c, deps: depsFor(c, deps), tr, labels: labelsFor(tr.lang, deps.vocabulary, tr) };
}

// An opening `<form … method="post" …>` tag of our own markup (document text is escaped, so it cannot forge one).
const POST_FORM = /<form\b[^>]*\bmethod="post"[^>]*>/g;

/** Every form that posts carries the CSRF token: added here once, so no page can forget it. */
export const withCsrfToken = (html: string, token: string): string => html.replace(POST_FORM, (tag) => `${tag}<input type="hidden" name="${CSRF_FIELD}" value="${token}">`);

/** The page with its forms' tokens; a browser without a token cookie gets one with the first page that has a form. */
function withForms(c: Context, html: string): string {
  const out = withCsrfToken(html, c.get('csrfToken') ?? '');
  if (out !== html) issueCsrfCookie(c);
  return out;
}

function renderLayout(c: Context, tr: Translator, content: PageContent, pages: WebPage[], status = 200): Response {
  const url = new URL(c.req.url);
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  const principal = principalOf(c);
  // The local administrator of a register without accounts has nothing to sign in or out of.
  const account = principal.account?.id === 'local' ? null : principal.account;
  const signIn = !principal.account;
  const html = '<!doctype html>' + String(<Layout tr={tr} content={content} pages={pages} path={url.pathname} search={params.toString()} account={account} signIn={signIn} principal={principal} editor={editing(c)} />);
  return c.html(withForms(c, html), status as 200);
}

export function mountWeb(app: Hono, pages: WebPage[], deps: AppDeps): void {
  app.get('/assets/:name', (c) => assetResponse(c, c.req.param('name')));
  for (const page of pages) {
    app.on(page.method.toUpperCase(), page.path, async (c) => {
      try {
        await authorize(c, deps, page.permission);
      } catch (error) {
        // Someone not signed in who opens a page that needs an account is sent to sign in, and back.
        if (error instanceof AccessError && error.code === 'unauthorized' && page.method === 'get') {
          const url = new URL(c.req.url);
          return c.redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
        }
        throw error;
      }
      const ctx = pageContextOf(c, deps);
      const result = await page.handle(ctx);
      if (result instanceof Response) return result;
      return renderLayout(c, ctx.tr, result, pages, result.status);
    });
  }
}

/** The HTML rendering of a problem: same status and code as the API would send. */
export function renderErrorPage(c: Context, problem: KizunaError, deps: AppDeps, pages: WebPage[]): Response {
  const { tr } = pageContextOf(c, deps);
  const status = httpStatus(problem);
  const title = status === 404 ? tr.t('error.notFound') : tr.t('error.title');
  const body: JSX.Element = (
    <section>
      <h1>{title}</h1>
      <p>{status === 500 ? tr.t('error.internal') : tr.error(problem)}</p>
      <p>
        <code>{problem.code}</code>
      </p>
      <p>
        <a href="/">{tr.t('error.home')}</a>
      </p>
    </section>
  );
  return renderLayout(c, tr, { title, body }, pages, status);
}
