// The Hono application: security headers, the API modules, the web pages and the one error handler.
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { ApiError, problemResponse, toApiError } from './problem.js';
import { checkJson, checkQuery, type ApiModule, type RouteDef } from './route.js';
import { componentSchemas, openApiDocument } from './openapi.js';
import { apiModules as defaultApiModules } from './routes/index.js';
import { readJson } from './routes/shared.js';
import type { AppDeps } from './deps.js';
import { webPages as defaultWebPages } from '../web/pages/index.js';
import type { WebPage } from '../web/page.js';
import { mountWeb, renderErrorPage } from '../web/render.js';

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

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function mountRoute(app: Hono, route: RouteDef, deps: AppDeps, components: ReturnType<typeof componentSchemas>): void {
  app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
    const query = checkQuery(route.query, c.req.query());
    let body: unknown;
    if (route.body?.contentType === 'application/json') {
      body = await readJson(c);
      const invalid = checkJson(route.body.schema, body, components);
      if (invalid.length) throw new ApiError('invalid-request', invalid.map((i) => `${i.name} ${i.reason}`).join('; '), invalid);
    }
    return route.handle(c, deps, { query, body });
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
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  });
  // Forms posted to the web pages must come from this origin (the API takes JSON, which forms cannot send).
  app.use('*', async (c, next) => (wantsHtml(c) ? csrf()(c, next) : next()));

  const openapi = openApiDocument(modules, VERSION);
  app.get('/api/openapi.json', (c) => c.json(openapi));
  for (const module of modules) for (const route of module.routes) mountRoute(app, route, deps, components);

  mountWeb(app, pages, deps);

  const render = (c: Context, problem: ApiError) => (wantsHtml(c) ? renderErrorPage(c, problem, deps, pages) : problemResponse(c, problem));
  app.notFound((c) => render(c, new ApiError('not-found', `Nothing at ${new URL(c.req.url).pathname}.`)));
  app.onError((error, c) => render(c, toApiError(error)));
  return app;
}
