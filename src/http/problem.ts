// The one mapping from errors to HTTP: every KizunaError code has its status and title here, and every
// failure (API or web page) is rendered from it, as RFC 9457 problem+json or as the HTML error page.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KizunaError, asStorageFull, type ErrorCode, type InvalidParam } from '../errors.js';
import { sayError, type Lang } from '../web/i18n/translator.js';
import { askedLang } from './lang.js';

/** Stable, documented error codes; clients switch on `code`, never on `title` or `detail`. */
export const problemCodes = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Sign in first' },
  forbidden: { status: 403, title: 'Not allowed for your account' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'version-conflict': { status: 409, title: 'The record changed while it was being edited' },
  'precondition-failed': { status: 412, title: 'The record has changed since you read it' },
  'payload-too-large': { status: 413, title: 'The upload is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unprocessable-document': { status: 422, title: 'The document could not be read' },
  'invalid-correction': { status: 422, title: 'A correction cannot be applied; nothing was stored' },
  'precondition-required': { status: 428, title: 'If-Match is required for edits' },
  'storage-full': { status: 507, title: 'The server has no space left to store this' },
  'too-many-requests': { status: 429, title: 'Too many attempts; try again later' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

export type ProblemCode = ErrorCode;

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  'invalid-params'?: InvalidParam[];
}

/** The HTTP status of an error's code. */
export const httpStatus = (error: KizunaError): number => problemCodes[error.code].status;

/** The problem of an error; its detail in `lang` when the error was raised with a catalog message (title and code stay). */
export function problemOf(error: KizunaError, instance: string, lang: Lang = 'en'): Problem {
  const problem: Problem = {
    type: `https://kizuna.dev/problems/${error.code}`,
    title: problemCodes[error.code].title,
    status: httpStatus(error),
    code: error.code,
    detail: sayError(lang, error),
    instance,
  };
  // The fields at fault keep their English reasons (clients match on name; the detail is the reader's text).
  if (error.invalidParams?.length) problem['invalid-params'] = error.invalidParams.map((p) => ({ name: p.name, reason: p.reason }));
  return problem;
}

/**
 * The app's onError: a KizunaError as given, anything else as a 500 whose detail hides internals
 * (the cause goes to the server log).
 */
export function toKizunaError(error: unknown): KizunaError {
  if (error instanceof KizunaError) return error;
  const full = asStorageFull(error);
  if (full) return full;
  const status = (error as { status?: unknown } | null)?.status;
  // Hono's own HTTPException (e.g. from a middleware) keeps its status.
  if (status === 413) return new KizunaError('payload-too-large', 'The upload exceeds the size limit.');
  if (status === 404) return new KizunaError('not-found', 'Not found.');
  console.error(error);
  return new KizunaError('internal', 'An unexpected error occurred; it has been logged.');
}

/** problem+json, its detail in the client's language (`?lang=`, else Accept-Language; English by default). */
export function problemResponse(c: Context, error: KizunaError): Response {
  const lang = askedLang(c);
  return c.body(JSON.stringify(problemOf(error, new URL(c.req.url).pathname, lang)), httpStatus(error) as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Language': lang,
  });
}
