// Uploads under review: extraction of an uploaded file into a draft kept in memory, the reviewer's
// corrections (edits, splits, merges), and saving the draft with ALL its corrections in one transaction.
import { randomUUID } from 'node:crypto';
import { detectMediaType } from '../ingest/detect.js';
import { extractInSandbox } from '../sandbox/index.js';
import { InvalidCorrectionError, InvalidEditError, KizunaError, type InvalidParam } from '../errors.js';
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
  bytes: Uint8Array;
  extraction: Extraction;
  messages: Message[];
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

/**
 * A bounded in-memory store: drafts live one hour and at most `capacity` are kept (oldest dropped),
 * so abandoned uploads cannot grow the process without limit. Drafts do not survive a restart.
 */
export class DraftStore {
  readonly #drafts = new Map<string, Draft>();

  constructor(
    private readonly capacity = 20,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  add(name: string, bytes: Uint8Array, extraction: Extraction, messages: Message[], now = Date.now()): Draft {
    this.#expire(now);
    while (this.#drafts.size >= this.capacity) {
      const oldest = this.#drafts.keys().next().value;
      if (oldest === undefined) break;
      this.#drafts.delete(oldest);
    }
    const draft: Draft = { id: randomUUID(), name, bytes, extraction, messages, createdAt: now };
    this.#drafts.set(draft.id, draft);
    return draft;
  }

  get(id: string, now = Date.now()): Draft | undefined {
    this.#expire(now);
    return this.#drafts.get(id);
  }

  /** The draft, or NotFound (drafts expire after an hour or a restart). */
  mustGet(id: string, now = Date.now()): Draft {
    const draft = this.get(id, now);
    if (!draft) throw new KizunaError('not-found', 'No such draft (drafts expire after an hour or a restart).');
    return draft;
  }

  delete(id: string): void {
    this.#drafts.delete(id);
  }

  #expire(now: number): void {
    for (const [id, draft] of this.#drafts) {
      if (now - draft.createdAt > this.ttlMs) this.#drafts.delete(id);
    }
  }
}

/** Extracts an uploaded file into a draft (the web form and the API share this); 413, 415 or 422 as KizunaErrors. */
export async function draftFromUpload(drafts: DraftStore, file: File, limits: { maxBytes: number; now: Date }): Promise<Draft> {
  const { name } = file;
  // Refused before its bytes are read into memory.
  if (file.size > limits.maxBytes) throw new KizunaError('payload-too-large', `${name} is ${file.size} bytes; the limit is ${limits.maxBytes}.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = detectMediaType(name, bytes);
  if ('error' in detected) throw new KizunaError('unsupported-media-type', `${name}: ${detected.error}`);
  // In a worker process with a time and memory limit: the server keeps answering while it runs.
  const { extraction, messages } = await extractInSandbox({ name, bytes });
  if (!extraction) {
    const fatal = messages.find((m) => m.fatal) ?? messages[0];
    throw new KizunaError('unprocessable-document', `${name}: ${fatal?.reason ?? 'could not be read'}`);
  }
  return drafts.add(name, bytes, extraction, messages, limits.now.getTime());
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
    if (!ids.has(item.commitment)) problems.push({ name: `${at}.commitment`, reason: `no commitment ${item.commitment} in this draft` });
    if (item.kind === 'merge' && !ids.has(item.with)) problems.push({ name: `${at}.with`, reason: `no commitment ${item.with} in this draft` });
    if (item.kind === 'split' && ids.has(item.commitment)) {
      const unit = draft.extraction.commitments.find((c) => c.id === item.commitment)!;
      if (item.at >= unit.text.length) problems.push({ name: `${at}.at`, reason: `is past the end of ${item.commitment} (${unit.text.length} characters)` });
    }
    if (item.kind === 'edit' && item.edit.sectionId && !sectionIds.has(item.edit.sectionId)) problems.push({ name: `${at}.edit.sectionId`, reason: `no section ${item.edit.sectionId} in this draft` });
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
  const stored = await planStore(store, reshaped, draft.bytes, {
    actor: author,
    andThen: async (trx, planId) => {
      for (const [i, correction] of corrections.entries()) {
        if (correction.kind !== 'edit') continue;
        const id = `${planId}:${correction.commitment}`;
        const current = await queries.getCommitment(trx, id, READ_ALL);
        if (!current) throw new InvalidCorrectionError([{ name: `corrections[${i}].commitment`, reason: `${correction.commitment} was merged into another unit` }]);
        try {
          await commitmentCorrectIn(trx, id, current.version, correction.edit, author);
        } catch (error) {
          if (error instanceof InvalidEditError) throw new InvalidCorrectionError([{ name: `corrections[${i}].edit.${error.field}`, reason: error.invalidParams?.[0]?.reason ?? error.message }]);
          throw error;
        }
      }
      if (plan && Object.keys(plan).length) {
        try {
          await planCorrectIn(trx, planId, 'current', plan, author);
        } catch (error) {
          if (error instanceof InvalidEditError) throw new InvalidCorrectionError((error.invalidParams ?? []).map((p) => ({ name: p.name.replace(/^edit\./, 'plan.'), reason: p.reason })));
          throw error;
        }
      }
    },
  });
  if (stored.status === 'existing') throw new KizunaError('conflict', `${draft.name} is already in the register as plan ${stored.planId}.`);
  return { planId: stored.planId };
}
