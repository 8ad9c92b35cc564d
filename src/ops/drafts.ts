// Uploads under review: extraction of an uploaded file into a draft kept on disk, the reviewer's corrections
// (edits, splits, merges), and saving the draft with ALL its corrections in one transaction.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractInSandbox } from '../sandbox/index.js';
import { InvalidCorrectionError, InvalidEditError, KizunaError, invalidParam, type InvalidParam } from '../errors.js';
import * as queries from '../store/queries.js';
import type { Store } from '../store/index.js';
import type { CommitmentEdit } from '../store/views.js';
import type { Extraction, Message } from '../types.js';
import { commitmentCorrectIn } from './commitment-correct.js';
import { planStore } from './plan-store.js';
import { planCorrectIn, type PlanEdit } from './plan-edit.js';
import { READ_ALL } from '../store/scope.js';

export interface Draft {
  id: string;
  name: string;
  /** The uploaded file, kept on disk beside the draft's extraction until it is saved or dropped. */
  file: string;
  extraction: Extraction;
  messages: Message[];
  /** The e-mail of the account that uploaded it: only they (and administrators) may see or save it. */
  uploader: string;
  createdAt: number;
}

/**
 * Changes a reviewer makes to a fresh extraction before saving it, by the draft's commitment ids.
 * Edits are stored as corrections; splits and merges reshape the draft's units before it is stored.
 */
export type DraftCorrection =
  | { kind: 'edit'; commitment: string; edit: CommitmentEdit }
  | { kind: 'split'; commitment: string; at: number }
  | { kind: 'merge'; commitment: string; with: string };

/** What is kept in memory of a draft: enough to find it and to authorize a request on it. */
export interface DraftEntry {
  id: string;
  name: string;
  createdAt: number;
  /** The document's parties, which decide who may save it (see ops/accounts.ts scopeOfTarget). */
  parties: string[];
  /** Who uploaded it (an account's e-mail): the only one besides administrators who may see or save it. */
  uploader: string;
}

/** Private directories made in the system's temporary directory: removed when the process ends, however the store was left. */
const madeDirs = new Set<string>();
function removeAtExit(dir: string): void {
  if (!madeDirs.size) process.once('exit', () => madeDirs.forEach((made) => rmSync(made, { recursive: true, force: true })));
  madeDirs.add(dir);
}

/**
 * A bounded store of drafts on disk: the uploaded file and the extraction (its text can be megabytes) are
 * files in `dir` (0700, files 0600), only a small index is in memory. Drafts live one hour and at most
 * `capacity` are kept (oldest dropped with their files), so abandoned uploads cannot fill the disk.
 * Drafts do not survive a restart: the directory is emptied when the store is made and removed on close.
 *
 * `dir` is also where request bodies are received (http/multipart.ts), so keeping an upload is a rename.
 * Without one, a private directory is made in the system's temporary directory on first use.
 */
export class DraftStore {
  readonly #index = new Map<string, DraftEntry>();
  #dir: string | null;

  constructor(
    private readonly capacity = 20,
    private readonly ttlMs = 60 * 60 * 1000,
    dir?: string,
  ) {
    this.#dir = dir ?? null;
    if (dir) {
      // Whatever a killed server left there belongs to no draft any more.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
  }

  /** The directory of drafts and uploads being received, made (0700) on first use. */
  get dir(): string {
    if (!this.#dir) {
      this.#dir = mkdtempSync(join(tmpdir(), 'kizuna-uploads-'));
      removeAtExit(this.#dir);
    }
    return this.#dir;
  }

  /** Keeps an extracted upload as a draft: `upload` (a file in `dir`) is moved beside the extraction. */
  async add(name: string, upload: string, extraction: Extraction, messages: Message[], uploader: string, now = Date.now()): Promise<Draft> {
    await this.#expire(now);
    for (const oldest of this.#index.keys()) {
      if (this.#index.size < this.capacity) break;
      await this.delete(oldest);
    }
    const id = randomUUID();
    const file = this.#path(id, 'upload');
    await rename(upload, file);
    try {
      await writeFile(this.#path(id, 'json'), JSON.stringify({ extraction, messages }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    this.#index.set(id, { id, name, createdAt: now, parties: [...new Set(extraction.metadata.parties)].sort(), uploader });
    return { id, name, file, extraction, messages, uploader, createdAt: now };
  }

  /** The draft's entry (no disk read), or undefined when there is none or it expired. */
  entry(id: string, now = Date.now()): DraftEntry | undefined {
    const entry = this.#index.get(id);
    return entry && now - entry.createdAt <= this.ttlMs ? entry : undefined;
  }

  /** The whole draft, its extraction read from disk. */
  async get(id: string, now = Date.now()): Promise<Draft | undefined> {
    await this.#expire(now);
    const entry = this.#index.get(id);
    if (!entry) return undefined;
    const { extraction, messages } = JSON.parse(await readFile(this.#path(id, 'json'), 'utf8')) as { extraction: Extraction; messages: Message[] };
    return { id, name: entry.name, file: this.#path(id, 'upload'), extraction, messages, uploader: entry.uploader, createdAt: entry.createdAt };
  }

  /** The draft, or NotFound (drafts expire after an hour or a restart). */
  async mustGet(id: string, now = Date.now()): Promise<Draft> {
    const draft = await this.get(id, now);
    if (!draft) throw new KizunaError('not-found', { key: 'error.draft.none' });
    return draft;
  }

  async delete(id: string): Promise<void> {
    if (!this.#index.delete(id)) return;
    await Promise.all([rm(this.#path(id, 'upload'), { force: true }), rm(this.#path(id, 'json'), { force: true })]);
  }

  /** Removes every draft and the directory (the server on shutdown). */
  close(): void {
    this.#index.clear();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }

  /** The files in `dir` (drafts and uploads being received), for tests that check nothing is left behind. */
  files(): string[] {
    return this.#dir ? readdirSync(this.#dir) : [];
  }

  #path(id: string, kind: 'upload' | 'json'): string {
    return join(this.dir, `draft-${id}.${kind}`);
  }

  async #expire(now: number): Promise<void> {
    for (const entry of [...this.#index.values()]) {
      if (now - entry.createdAt > this.ttlMs) await this.delete(entry.id);
    }
  }
}

/** The rule of a fatal message → the HTTP refusal of an upload: the wrong kind of file, too large, or unreadable. */
const REFUSAL: Record<string, 'unsupported-media-type' | 'payload-too-large'> = {
  'ingest/unknown-type': 'unsupported-media-type',
  'ingest/too-large': 'payload-too-large',
};

/**
 * Extracts an upload received on disk (`path`, named `name` by its sender) into a draft (the web form and the
 * API share this): the sandbox reads the file itself, so its bytes never pass through the server's memory.
 * 413, 415 or 422 as KizunaErrors; the file is then left for the caller to discard.
 */
export async function draftFromUpload(drafts: DraftStore, upload: { name: string; path: string; size: number }, limits: { maxBytes: number; now: Date }, uploader: string): Promise<Draft> {
  const { name } = upload;
  if (upload.size > limits.maxBytes) throw new KizunaError('payload-too-large', { key: 'error.draft.tooLarge', params: { name, size: upload.size, limit: limits.maxBytes } });
  // In a worker process with a time and memory limit: the server keeps answering while it runs.
  const { extraction, messages } = await extractInSandbox({ path: upload.path }, { name, maxBytes: limits.maxBytes });
  if (!extraction) {
    const fatal = messages.find((m) => m.fatal) ?? messages[0];
    throw new KizunaError(REFUSAL[fatal?.rule ?? ''] ?? 'unprocessable-document', `${name}: ${fatal?.reason ?? 'could not be read'}`);
  }
  return drafts.add(name, upload.path, extraction, messages, uploader, limits.now.getTime());
}

/** Applies the reviewer's splits and merges to a draft's units before it is stored (see DraftCorrection). */
export function reshapeDraft(extraction: Extraction, corrections: DraftCorrection[]): Extraction {
  let commitments = [...extraction.commitments];
  for (const correction of corrections) {
    const index = commitments.findIndex((c) => c.id === correction.commitment);
    const unit = commitments[index];
    if (!unit) continue;
    if (correction.kind === 'split' && correction.at > 0 && correction.at < unit.text.length) {
      // Offsets count in the unit's folded text; the source span is cut at the same distance from its start.
      const cut = Math.min(unit.span.end, unit.span.start + correction.at);
      const head = { ...unit, text: unit.text.slice(0, correction.at).trim(), span: { start: unit.span.start, end: cut } };
      const tail = { ...unit, id: `${unit.id}~2`, text: unit.text.slice(correction.at).trim(), span: { start: cut, end: unit.span.end } };
      commitments.splice(index, 1, head, tail);
    } else if (correction.kind === 'merge') {
      const other = commitments.find((c) => c.id === correction.with);
      if (!other) continue;
      const merged = {
        ...unit,
        text: `${unit.text} ${other.text}`,
        span: { start: Math.min(unit.span.start, other.span.start), end: Math.max(unit.span.end, other.span.end) },
        actors: [...new Set([...unit.actors, ...other.actors])],
        themes: [...unit.themes, ...other.themes.filter((t) => !unit.themes.some((u) => u.theme === t.theme))],
      };
      commitments = commitments
        .filter((c) => c.id !== other.id)
        .map((c) => (c.id === unit.id ? merged : c.parentId === other.id ? { ...c, parentId: unit.id } : c));
    }
  }
  return { ...extraction, commitments };
}

/** Corrections that name units or sections the draft does not have, as `corrections[i].field` problems. */
function draftProblems(draft: Draft, corrections: DraftCorrection[]): InvalidParam[] {
  const ids = new Set(draft.extraction.commitments.map((c) => c.id));
  const sectionIds = new Set(draft.extraction.sections.map((s) => s.id));
  return corrections.flatMap((item, i) => {
    const at = `corrections[${i}]`;
    const problems: InvalidParam[] = [];
    if (!ids.has(item.commitment)) problems.push(invalidParam(`${at}.commitment`, { key: 'error.reason.noCommitmentInDraft', params: { id: item.commitment } }));
    if (item.kind === 'merge' && !ids.has(item.with)) problems.push(invalidParam(`${at}.with`, { key: 'error.reason.noCommitmentInDraft', params: { id: item.with } }));
    if (item.kind === 'split' && ids.has(item.commitment)) {
      const unit = draft.extraction.commitments.find((c) => c.id === item.commitment)!;
      if (item.at >= unit.text.length) problems.push(invalidParam(`${at}.at`, { key: 'error.reason.pastUnitEnd', params: { id: item.commitment, n: unit.text.length } }));
    }
    if (item.kind === 'edit' && item.edit.sectionId && !sectionIds.has(item.edit.sectionId)) problems.push(invalidParam(`${at}.edit.sectionId`, { key: 'error.reason.noSectionInDraft', params: { section: item.edit.sectionId } }));
    return problems;
  });
}

/**
 * Stores a reviewed draft: the plan (original bytes kept), every edit as a correction and the reviewer's
 * corrections of the plan's details (`plan`: title, kind, parties, period, signing), in ONE transaction.
 * A correction that cannot be applied refuses the whole save with InvalidCorrectionError (422, naming it):
 * nothing is stored and the draft can be fixed and saved again. An already stored document is a 409.
 */
export async function saveDraft(store: Store, draft: Draft, corrections: DraftCorrection[], author: string, plan?: PlanEdit): Promise<{ planId: string }> {
  const problems = draftProblems(draft, corrections);
  if (problems.length) throw new InvalidCorrectionError(problems);
  const reshaped = reshapeDraft(draft.extraction, corrections);
  const stored = await planStore(store, reshaped, new Uint8Array(await readFile(draft.file)), {
    actor: author,
    andThen: async (trx, planId) => {
      for (const [i, correction] of corrections.entries()) {
        if (correction.kind !== 'edit') continue;
        const id = `${planId}:${correction.commitment}`;
        const current = await queries.getCommitment(trx, id, READ_ALL);
        if (!current) throw new InvalidCorrectionError([invalidParam(`corrections[${i}].commitment`, { key: 'error.reason.mergedAway', params: { id: correction.commitment } })]);
        try {
          await commitmentCorrectIn(trx, id, current.version, correction.edit, author);
        } catch (error) {
          if (error instanceof InvalidEditError) throw new InvalidCorrectionError((error.invalidParams ?? []).map((p) => ({ ...p, name: `corrections[${i}].${p.name}` })));
          throw error;
        }
      }
      if (plan && Object.keys(plan).length) {
        try {
          await planCorrectIn(trx, planId, 'current', plan, author);
        } catch (error) {
          if (error instanceof InvalidEditError) throw new InvalidCorrectionError((error.invalidParams ?? []).map((p) => ({ ...p, name: p.name.replace(/^edit\./, 'plan.') })));
          throw error;
        }
      }
    },
  });
  if (stored.status === 'existing') throw new KizunaError('conflict', { key: 'error.draft.existing', params: { name: draft.name, plan: stored.planId } });
  return { planId: stored.planId };
}
