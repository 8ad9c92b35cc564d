// How a web page is declared: its route, its place in the navigation, and its handler.
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.js';
import type { Labels, MessageKey, Translator } from './i18n/index.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Permission } from '../auth/policy.js';

/** What a page handler gets: the request, the app's dependencies, the language, and label helpers. */
export interface PageContext {
  c: Context;
  deps: AppDeps;
  tr: Translator;
  labels: Labels;
}

export type { Labels } from './i18n/translator.js';

/** A page answers with content for the layout (title + body) or a Response (a redirect after a POST). */
export interface PageContent {
  title: string;
  body: JSX.Element;
  /** Marks the nav entry as current. */
  section?: string;
  /** HTTP status (200 unless given): a form shown again with its errors answers 422, a stale one 409. */
  status?: number;
}

export interface WebPage {
  method: 'get' | 'post';
  /** Hono path, e.g. `/plans/:id`. */
  path: string;
  /** Who may open or post it (src/auth/policy.ts), checked before the handler runs. Every page declares one. */
  permission: Permission;
  /** Shown in the main navigation, ordered by `order`; `editing` entries only to people who may write (not on the public view). */
  nav?: { label: MessageKey; order: number; editing?: boolean };
  handle(ctx: PageContext): Promise<PageContent | Response> | PageContent | Response;
}
