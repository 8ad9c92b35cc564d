// The one HTTP error type and the one handler that renders every failure as RFC 9457 problem+json.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable, documented error codes; clients switch on `code`, never on `title` or `detail`. */
export const problemCodes = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'version-conflict': { status: 409, title: 'The record changed while it was being edited' },
  'precondition-failed': { status: 412, title: 'The record has changed since you read it' },
  'payload-too-large': { status: 413, title: 'The upload is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unprocessable-document': { status: 422, title: 'The document could not be read' },
  'precondition-required': { status: 428, title: 'If-Match is required for edits' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCodes;

/** One invalid field of a request: where (`query.limit`, `body.strength`) and why. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/**
 * Thrown by any route, validator or binding; the handler turns it into a response such as
 * `{"type":"https://kizuna.dev/problems/not-found","title":"Not found","status":404,"code":"not-found","detail":"…"}`.
 */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly invalidParams: InvalidParam[] | undefined;

  constructor(code: ProblemCode, detail: string, invalidParams?: InvalidParam[]) {
    super(detail);
    this.code = code;
    this.status = problemCodes[code].status;
    this.invalidParams = invalidParams;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  instance: string;
  'invalid-params'?: InvalidParam[];
}

export function problemOf(error: ApiError, instance: string): Problem {
  const problem: Problem = {
    type: `https://kizuna.dev/problems/${error.code}`,
    title: problemCodes[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
    instance,
  };
  if (error.invalidParams?.length) problem['invalid-params'] = error.invalidParams;
  return problem;
}

/**
 * The app's onError: ApiError as given, anything else as a 500 whose detail hides internals
 * (the cause goes to the server log). `render` lets the web pages answer with HTML instead.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  // Hono's own HTTPException (e.g. from a middleware) keeps its status.
  if (status === 413) return new ApiError('payload-too-large', 'The upload exceeds the size limit.');
  if (status === 404) return new ApiError('not-found', 'Not found.');
  console.error(error);
  return new ApiError('internal', 'An unexpected error occurred; it has been logged.');
}

export function problemResponse(c: Context, error: ApiError): Response {
  return c.body(JSON.stringify(problemOf(error, new URL(c.req.url).pathname)), error.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}
