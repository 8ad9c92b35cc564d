// The composition root: one Hono application with the security headers, the API modules, the web pages and
// the one error handler. It sits above api/ and web/, which know nothing of each other.
import { Hono, type Context } from 'hono';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { mailConfig, smtpMailer } from './mail/transport.js';
import { scheduleReminders } from './ops/remind.js';
import { bodyLimit } from 'hono/body-limit';
import { KizunaError, invalidRequest } from './errors.js';
import { problemResponse, toKizunaError } from './http/problem.js';
import { refuseNul } from './http/input.js';
import { discard, receiveMultipart } from './http/multipart.js';
import { conditionalGet } from './http/conditional.js';
import { checkJson, checkQuery, type ApiModule, type RouteDef } from './api/route.js';
import { componentSchemas, openApiDocument } from './api/openapi.js';
import { apiModules as defaultApiModules } from './api/routes/index.js';
import { readJson } from './api/routes/shared.js';
import { webPages as defaultWebPages } from './web/pages/index.js';
import type { WebPage } from './web/page.js';
import { mountWeb, renderErrorPage } from './web/render.js';
import { prepareAssets } from './web/assets.js';
import { DraftStore } from './ops/drafts.js';
import { openAppRegister, type Store } from './ops/open-register.js';
import { keepWarm } from './ops/register.js';
import { loadVocabulary } from './vocab/index.js';
import { depsFor, type AppDeps } from './http/deps.js';
import { authSettings, csrfCheck, hostCheck, sessionPrincipal, type AuthSettings } from './http/session.js';
import { authorize } from './http/authorize.js';
import { principalOf } from './http/principal.js';
import { hasAdministrator } from './ops/accounts.js';

export const VERSION = '0.1.0';

/**
 * Document text is untrusted and rendered as text only; the policy also forbids inline script and
 * style, so even a rendering bug cannot run injected code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface AppOptions {
  apiModules?: ApiModule[];
  webPages?: WebPage[];
}

/** Largest body a request other than an upload may send: a save with 5,000 corrections fits well inside. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function mountRoute(app: Hono, route: RouteDef, deps: AppDeps, components: ReturnType<typeof componentSchemas>): void {
  app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
    await authorize(c, deps, route.permission);
    const query = checkQuery(route.query, c.req.query());
    let body: unknown;
    // An optional body may be left out altogether: no Content-Type and nothing sent.
    const sent = Boolean(c.req.header('Content-Type')) || Number(c.req.header('Content-Length') ?? 0) > 0;
    if (route.body?.contentType === 'application/json' && (sent || !route.body.optional)) {
      body = await readJson(c);
      const invalid = checkJson(route.body.schema, body, components);
      if (invalid.length) throw invalidRequest(invalid);
    }
    return route.handle(c, depsFor(c, deps), { query, body });
  });
}

const wantsHtml = (c: Context) => !new URL(c.req.url).pathname.startsWith('/api/') && !new URL(c.req.url).pathname.startsWith('/assets/');

/** Builds the app; tests call `app.request()` on it, `kizuna serve` hands it to @hono/node-server. */
export function createApp(deps: AppDeps, options: AppOptions = {}): Hono {
  const modules = options.apiModules ?? defaultApiModules;
  const pages = options.webPages ?? defaultWebPages;
  const components = componentSchemas(modules);
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    // Set on the answer's own headers: `c.header()` after the answer exists copies the whole Response each
    // time (and turns a body in memory into a stream), a fifth of a cached API read's time.
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    // What a signed-in person reads (internal notes, their name, forms with their token) must never sit in a
    // shared cache between them and us; the public's answers may (the assets carry their own header).
    if (principalOf(c).account && !headers.get('Cache-Control')?.includes('no-store') && !c.req.path.startsWith('/assets/')) headers.set('Cache-Control', 'private, no-cache');
  });
  app.use('*', hostCheck(deps));
  app.use('*', sessionPrincipal(deps));

  // Bodies are capped before they are read: by Content-Length up front, else while streaming. An upload may
  // be as large as the upload limit plus its multipart envelope; anything else (JSON, web forms) 4 MiB.
  // Multipart bodies (uploads, forms with a file) are received here, as they arrive: files go to temporary
  // files in the drafts' directory, never into memory, and the parsed form is what `c.req.formData()` gives
  // every later reader (the CSRF token, the NUL check, the route). The files are removed once the request is
  // answered, unless a route moved one away (a kept draft).
  app.use('*', async (c, next) => {
    // A GET or HEAD request has no body a route reads (and asking for one makes @hono/node-server build a
    // whole Request per read).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('Content-Type') ?? '';
    const upload = /^multipart\/form-data\b/i.test(type);
    const maxSize = upload ? deps.maxUploadBytes + 64 * 1024 : MAX_BODY_BYTES;
    const tooLarge = () => new KizunaError('payload-too-large', `The request body is over the limit of ${maxSize} bytes${upload ? ' for an upload' : ''}.`);
    if (!upload || !c.req.raw.body) {
      return bodyLimit({
        maxSize,
        onError: () => {
          throw tooLarge();
        },
      })(c, next);
    }
    if (!c.req.header('Transfer-Encoding') && Number(c.req.header('Content-Length')) > maxSize) throw tooLarge();
    const received = await receiveMultipart(c.req.raw.body, type, { maxBodyBytes: maxSize, maxFileBytes: deps.maxUploadBytes, maxFieldBytes: MAX_BODY_BYTES, dir: deps.drafts.dir });
    // Hono's body cache holds promises of parsed bodies; every `c.req.formData()` after this returns this form.
    (c.req.bodyCache as { formData?: Promise<FormData> }).formData = Promise.resolve(received.form);
    try {
      await next();
    } finally {
      await discard(received.paths);
    }
  });

  // After the body limit, since a form's token is read from its body.
  app.use('*', csrfCheck(deps));
  app.use('*', refuseNul);

  // ETags, 304s and the response cache: after every middleware that decides who is asking (the principal is
  // part of the cache key), right before the routes.
  app.use('*', conditionalGet(deps.register.changes, deps.now));

  const openapi = openApiDocument(modules, VERSION);
  app.get('/api/openapi.json', (c) => c.json(openapi));
  for (const module of modules) for (const route of module.routes) mountRoute(app, route, deps, components);

  mountWeb(app, pages, deps);

  const render = (c: Context, problem: KizunaError) => (wantsHtml(c) ? renderErrorPage(c, problem, deps, pages) : problemResponse(c, problem));
  app.notFound((c) => render(c, new KizunaError('not-found', `Nothing at ${new URL(c.req.url).pathname}.`)));
  app.onError((error, c) => render(c, toKizunaError(error)));
  return app;
}

export interface RunningServer {
  /** `http://127.0.0.1:8787/` (the port actually bound when 0 was asked). */
  url: string;
  /** The register served: `PGlite at …` or the PostgreSQL URL without password. */
  description: string;
  /** The register served (`kizuna serve` lends it to the CLI commands it runs, see cli/door.ts). */
  store: Store;
  /** Whether an administrator account exists (else `kizuna serve` says how to create the first one). */
  administrator: boolean;
  /** Stops accepting requests, then closes the register. */
  stop(): Promise<void>;
}

/** 127.0.0.1, ::1, localhost: addresses only this machine reaches. */
export const isLoopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);

/** A server bound to a specific address also answers to that address as a Host (not to 0.0.0.0 or ::). */
function withServedHost(auth: AuthSettings, host: string): AuthSettings {
  if (host === '0.0.0.0' || host === '::' || auth.allowedHosts.includes(host)) return auth;
  return { ...auth, allowedHosts: [...auth.allowedHosts, host.includes(':') ? `[${host}]` : host] };
}

/**
 * Where uploads are received and drafts kept: inside an embedded register's data directory (the register's
 * disk, private, and this server holds its lock); with PostgreSQL, a private directory under the system's
 * temporary directory (`TMPDIR`: point it at a disk, not a tmpfs, so uploads do not take memory there).
 */
function uploadDirOf(store: Store): string | undefined {
  if (store.engine !== 'pglite' || store.location.startsWith('memory://')) return undefined;
  return join(resolve(store.location), 'kizuna-uploads');
}

/**
 * Opens the register and serves the app on `host:port` (`kizuna serve`). Refuses an address beyond loopback
 * until sign-in is set up (an administrator account, or OpenID Connect settings).
 */
export async function startServer(options: { port: number; host: string; data?: string; env: Record<string, string | undefined>; maxUploadBytes: number }): Promise<RunningServer> {
  const auth = authSettings(options.env);
  const opened = await openAppRegister({ data: options.data, env: options.env });
  try {
    const administrator = await hasAdministrator(opened.store);
    if (!isLoopback(options.host) && !administrator && !auth.oidc) {
      throw new KizunaError('invalid-request', `refusing to listen on ${options.host} before sign-in is set up: create an administrator (kizuna user add EMAIL --role admin) or configure OpenID Connect (KIZUNA_OIDC_*), see README "Running Kizuna for a ministry"`);
    }
    await prepareAssets();
    const drafts = new DraftStore(undefined, undefined, uploadDirOf(opened.store));
    // E-mail once SMTP is configured (KIZUNA_SMTP_URL): round requests when opened, reminders every KIZUNA_REMIND_EVERY minutes (60).
    const mail = mailConfig(options.env);
    const every = Number(options.env.KIZUNA_REMIND_EVERY ?? 60);
    if (!(every > 0)) throw new Error(`KIZUNA_REMIND_EVERY must be a positive number of minutes, not '${options.env.KIZUNA_REMIND_EVERY}'`);
    const mailer = mail ? smtpMailer(mail) : null;
    const app = createApp({
      register: opened.register,
      store: opened.store,
      vocabulary: loadVocabulary(),
      drafts,
      maxUploadBytes: options.maxUploadBytes,
      now: () => new Date(),
      auth: withServedHost(auth, options.host),
      mailer,
    });
    const stopWarming = keepWarm(opened.register, () => new Date());
    const stopReminders = mailer ? scheduleReminders(opened.store, mailer, every * 60_000, (line) => process.stderr.write(`kizuna: ${line}\n`)) : () => {};
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host });
    const port = await new Promise<string>((resolve, reject) => {
      server.once('listening', () => {
        const bound = server.address();
        resolve(typeof bound === 'object' && bound ? `${bound.port}` : String(options.port));
      });
      server.once('error', reject);
    });
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    return {
      url: `http://${host}:${port}/`,
      description: opened.description,
      store: opened.store,
      administrator,
      stop: () => {
        stopWarming();
        stopReminders();
        return new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
          drafts.close();
          return opened.close();
        });
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
