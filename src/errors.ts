// The one error hierarchy: every failure a caller should see (store, ops, API, web) is a KizunaError with a
// stable `code`; the HTTP layer maps the code to a status and problem+json (src/http/problem.ts), the CLI
// prints the message. Callers switch on the class or the code, never on the message. An error raised with a
// catalog key (`Said`) reads in English as its message and in the reader's language where one is known (pages,
// problem+json with Accept-Language, the CLI's locale): see `sayError` in web/i18n/translator.ts.
import { fill, isMessageKey, type Lang, type MessageKey, type SaidParams } from './web/i18n/translator.js';

/** Stable, documented error codes (the `code` of a problem+json response). */
export type ErrorCode =
  | 'invalid-request'
  | 'unauthorized'
  | 'not-found'
  | 'forbidden'
  | 'method-not-allowed'
  | 'conflict'
  | 'version-conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable-document'
  | 'invalid-correction'
  | 'precondition-required'
  | 'storage-full'
  | 'too-many-requests'
  | 'internal';

/**
 * One invalid field of a request or edit: where (`query.limit`, `body.corrections[1].edit.actors`) and why, in
 * English; `said` is the same reason as a catalog message, for a reader of another language (pages, problem+json).
 */
export interface InvalidParam {
  name: string;
  reason: string;
  said?: Said;
}

/** An invalid param whose reason is a catalog message: `invalidParam('edit.title', {key: 'error.reason.titleLength'})`. */
export function invalidParam(name: string, said: Said): InvalidParam {
  return { name, reason: fill('en', said.key, said.params), said };
}

/** An invalid param's reason in `lang`: its catalog message when it has one, else the English reason. */
export const sayReason = (lang: Lang, param: InvalidParam): string => (param.said ? fill(lang, param.said.key, param.said.params) : param.reason);

/**
 * A message of the catalogs (en.json, ja.json) with its placeholders' values, so an error can be said in either
 * language: `{key: 'error.round.closed', params: {id: 'r-1'}}`. A value `{key}` is itself said from the catalog
 * (an entity's or a state's name).
 */
export interface Said {
  key: MessageKey;
  params?: SaidParams;
}

/**
 * Base of every error meant for the user: `new KizunaError('not-found', 'No plan with id p-1.')` or, said in the
 * reader's language, `new KizunaError('conflict', {key: 'error.round.closed', params: {id}})`.
 * The message (English) is the problem's `detail`; `invalidParams` lists the fields at fault.
 */
export class KizunaError extends Error {
  /** The catalog message the error was raised with, if any: what a Japanese reader is shown instead of `message`. */
  readonly said?: Said;
  constructor(
    readonly code: ErrorCode,
    detail: string | Said,
    readonly invalidParams?: InvalidParam[],
  ) {
    super(typeof detail === 'string' ? detail : fill('en', detail.key, detail.params));
    if (typeof detail !== 'string') this.said = detail;
    this.name = new.target.name;
  }
}

/**
 * A request's field refused, said in the reader's language: `invalidField('title', {key: 'error.reason.empty'})`
 * reads "title: must not be empty" / "title: 入力してください"; its invalid param keeps the English reason.
 */
export function invalidField(field: string, reason: Said): KizunaError {
  return new KizunaError('invalid-request', { key: 'error.field', params: { field, reason } }, [invalidParam(field, reason)]);
}

/**
 * A request refused field by field (query parameters, JSON body): "query.limit must be ≥ 1; body.title is required"
 * in English, each reason in the reader's language otherwise; every field in `invalidParams`.
 */
export function invalidRequest(invalid: readonly InvalidParam[]): KizunaError {
  return new KizunaError('invalid-request', saidList(invalid.map((p) => ({ key: 'error.param', params: { field: p.name, reason: p.said ?? p.reason } }))), [...invalid]);
}

/**
 * "No such record" said per kind of record where the catalog has it (`error.notFound.updateRound`: "update round
 * r-1 not found" / "進捗照会 r-1 が見つかりません", each language in its own word order), else with the kind as given.
 */
export function missingRecord(form: 'notFound' | 'noSuch', entity: string, id: string): Said {
  const key = `error.${form}.${entity.replace(/[ _-](\w)/g, (_, c: string) => c.toUpperCase())}`;
  return isMessageKey(key) ? { key, params: { id } } : { key: form === 'notFound' ? 'error.notFoundOf' : 'error.noSuch', params: { entity, id } };
}

/** The record asked for does not exist. */
export class NotFoundError extends KizunaError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('not-found', missingRecord('notFound', entity, id));
  }
}

/** A write named a version that is no longer current (optimistic locking): the edit was refused, not lost. */
export class ConflictError extends KizunaError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expected: number,
    /** The version now stored, or null when the record is gone. */
    readonly current: number | null,
  ) {
    const key = `error.versionConflict.${entity.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`;
    const params = { id, expected, current: current ?? { key: 'error.version.none' as const } };
    super('version-conflict', isMessageKey(key) ? { key, params } : { key: 'error.versionConflictOf', params: { ...params, entity } });
  }
}

/**
 * A person's correction of a commitment or a plan names something that does not exist or a value out of range:
 * the first field at fault is `field`; `problems` lists every one (the form marks each field).
 */
export class InvalidEditError extends KizunaError {
  /** The edit's first field at fault: `actors`, `sectionId`… */
  readonly field: string;
  constructor(problems: readonly { field: string; reason: Said }[]) {
    const [first] = problems;
    if (!first) throw new Error('InvalidEditError needs at least one problem');
    super('invalid-request', { key: 'error.field', params: { field: `edit.${first.field}`, reason: first.reason } }, problems.map((p) => invalidParam(`edit.${p.field}`, p.reason)));
    this.field = first.field;
  }
}

/**
 * Several refusals said as one, in order: "note is empty; author is empty" in English, each item in the reader's
 * language otherwise (a chain of `error.problems`, since a message's placeholders are fixed).
 */
export function saidList(items: readonly Said[]): Said {
  const [first, ...rest] = items;
  if (!first) throw new Error('saidList needs at least one item');
  return rest.length ? { key: 'error.problems', params: { first, rest: saidList(rest) } } : first;
}

/**
 * A progress update, a meeting record or a decision breaks the rules (see track/status.ts); `reasons` says how,
 * one catalog message each, and `problems` the same in English (what forms match to put each under its field).
 */
export class InvalidUpdateError extends KizunaError {
  readonly problems: string[];
  constructor(readonly reasons: Said[]) {
    super('invalid-request', saidList(reasons));
    this.problems = reasons.map((r) => fill('en', r.key, r.params));
  }
}

/** One correction of a reviewed upload cannot be applied: the whole save is refused and nothing is stored. */
export class InvalidCorrectionError extends KizunaError {
  constructor(invalid: InvalidParam[]) {
    super('invalid-correction', saidList(invalid.map((p) => ({ key: 'error.field', params: { field: p.name, reason: p.said ?? p.reason } }))), invalid);
  }
}

/** Another process writes the embedded register (its data directory is locked); the message names it. */
export class StoreBusyError extends KizunaError {
  constructor(detail: string) {
    super('conflict', detail);
  }
}

/**
 * The disk that holds the register or an output file is full: the operation stored nothing (its transaction
 * rolled back, its temporary file removed), and the person is told plainly rather than shown a stack trace.
 */
export class StorageFullError extends KizunaError {
  constructor(readonly where: string) {
    super('storage-full', `no space left on the disk that holds ${where}; nothing was stored`);
  }
}

/**
 * `error` as a StorageFullError when it is a full disk: the OS's ENOSPC or EDQUOT (files we write, PGlite's own
 * files) or PostgreSQL's disk_full (SQLSTATE 53100, e.g. `could not extend file "base/5/16550"`); else null.
 */
export function asStorageFull(error: unknown, where = 'the register'): StorageFullError | null {
  if (error instanceof StorageFullError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === '53100' ? new StorageFullError(where) : null;
}
/** The request needs a signed-in account (401), or the account's grants do not allow it (403). */
export class AccessError extends KizunaError {
  constructor(code: 'unauthorized' | 'forbidden', detail: string | Said) {
    super(code, detail);
  }
}
