// Evidence linking as a user action: ingest a readout, propose links to the register's commitments and
// mechanisms, keep the proposals; a person accepts one (recording the update or meeting) or rejects it.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { NotFoundError } from '../errors.js';
import { ingestInSandbox } from '../sandbox/index.js';
import {
  candidateNames,
  countCandidates,
  decideProposal,
  getProposal,
  latestEventId,
  linkCandidates,
  linkCandidatesMatching,
  plansChangedSince,
  proposalsOf,
  readoutOf,
  replaceOpenProposals,
  saveReadout,
  type StoredProposal,
} from '../store/tracking.js';
import { LinkIndex, type EntityName, type PartyName } from '../track/link.js';
import type { ReadoutEvent } from '../track/event.js';
import { readoutWords } from '../track/tokenize.js';
import { eventDate } from '../dates.js';
import { todayUtc } from '../track/cadence.js';
import { loadVocabulary, type Vocabulary } from '../vocab/index.js';
import type { Message } from '../types.js';
import { applyUpdate } from './tracking-status.js';
import { InvalidUpdateError } from '../errors.js';
import { applyMeeting } from './tracking-meetings.js';
import { hasJapanese } from '../text.js';
import type { ReadScope } from '../store/scope.js';
import { LOCAL_ADMINISTRATOR, readScope, type Principal, type Visibility } from '../auth/principal.js';
import { homeOf } from '../store/visibility.js';
import { sideOf, visibilityFor } from './visibility.js';
import type { ItemVisibility } from '../store/tracking.js';

export type { StoredProposal } from '../store/tracking.js';

/** The gazetteer's bodies and countries in the linker's terms (names, acronyms, Japanese names). */
export function linkVocabulary(vocabulary: Vocabulary = loadVocabulary()): { entities: EntityName[]; parties: PartyName[] } {
  return {
    entities: vocabulary.organizations.map((o) => ({
      id: `${o.party}:${o.id}`,
      names: [o.name, ...(o.aliases ?? []).filter((a) => !hasJapanese(a))],
      acronyms: o.acronym ? [o.acronym] : [],
      ja: [o.ja, ...(o.aliases ?? []).filter((a) => /[\p{Script=Han}\p{Script=Katakana}]/u.test(a))].filter((x): x is string => Boolean(x)),
    })),
    parties: vocabulary.parties.map((p) => ({ code: p.code, names: [...p.names, ...p.adjectives], ja: p.ja ? [p.ja] : [] })),
  };
}

export interface ProposeResult {
  readoutId: string | null;
  /** The readout's principal event as read (kind, level, pair, date). */
  event: ReadoutEvent | null;
  /** Stored proposals of this readout (of `planId` when given): those above the threshold first, then the next best. */
  proposals: StoredProposal[];
  messages: Message[];
}

/** Registers with more candidates than this are narrowed by the database's full-text search before linking (CLI). */
const NARROW_ABOVE = 20_000;
/** Candidates the full-text search keeps for a readout. */
const NARROW_TO = 3_000;

// One index per open store, kept in memory (`kizuna serve`) and brought up to date from the event log:
// plans ingested and commitments corrected since it was built are replaced in it, nothing is rebuilt.
const indexes = new WeakMap<Store, { index: LinkIndex; lastEvent: number }>();

/**
 * The link index of the whole register, kept for the store's lifetime and updated on write events
 * (plan ingested or superseded, commitment corrected, backup imported) before each use.
 */
export async function registerLinkIndex(store: Store): Promise<LinkIndex> {
  const lastEvent = await latestEventId(store.db);
  const kept = indexes.get(store);
  if (kept && kept.lastEvent === lastEvent) return kept.index;
  if (kept) {
    const changed = await plansChangedSince(store.db, kept.lastEvent);
    if (changed !== 'all') {
      for (const planId of changed) kept.index.replacePlan(planId, await linkCandidates(store.db, planId));
      kept.lastEvent = lastEvent;
      return kept.index;
    }
  }
  const index = new LinkIndex(await linkCandidates(store.db), linkVocabulary());
  indexes.set(store, { index, lastEvent });
  return index;
}

/**
 * Reads a readout (file path, or bytes with a name), links it against the register (or one plan) and
 * stores the readout with its proposals and, below the threshold, the next best candidates. Linking the
 * same readout again replaces its open proposals; accepted and rejected ones stay. `date` is the
 * readout's own date (else the first full date of its headline), used where the text dates nothing.
 * `narrow`: a one-off process (the CLI) with a large register first narrows the candidates with the
 * database's full-text search instead of loading them all.
 */
export async function proposeLinks(
  store: Store,
  source: { path: string } | { name: string; bytes: Uint8Array },
  options: { planId?: string; index?: LinkIndex; date?: string; narrow?: boolean; principal?: Principal } = {},
): Promise<ProposeResult> {
  const principal = options.principal ?? LOCAL_ADMINISTRATOR;
  const ingested = await ingestInSandbox(source);
  if (!ingested.document) return { readoutId: null, event: null, proposals: [], messages: ingested.messages };
  const document = ingested.document;
  const index = options.index ?? (options.narrow ? await narrowedIndex(store, document.text) : await registerLinkIndex(store));
  const result = index.link(document.text, { ...(options.planId ? { planId: options.planId } : {}), date: options.date ?? null });
  const readoutDate = options.date ?? result.event.date;
  await store.db.transaction().execute(async (trx) => {
    await saveReadout(trx, { id: document.sha256, name: document.name, text: document.text, date: readoutDate });
    // Proposals are working material of the proposer's side until someone decides them.
    const seen = new Map<string, ItemVisibility>();
    for (const planId of new Set([...result.proposals, ...result.nextBest].map((p) => p.planId))) {
      const home = await homeOf(trx, { plan: planId });
      seen.set(planId, { partnershipId: home?.partnershipId ?? null, side: home ? sideOf(principal, home) : null, visibility: 'internal' });
    }
    await replaceOpenProposals(trx, document.sha256, [...result.proposals, ...result.nextBest], (planId) => seen.get(planId)!);
  });
  return { readoutId: document.sha256, event: result.event, proposals: await proposalsOf(store.db, document.sha256, readScope(principal), options.planId), messages: ingested.messages };
}

/** An index of the candidates the full-text search finds for the readout's words (all of them in a small register). */
async function narrowedIndex(store: Store, text: string): Promise<LinkIndex> {
  if ((await countCandidates(store.db)) <= NARROW_ABOVE) return new LinkIndex(await linkCandidates(store.db), linkVocabulary());
  const words = [...new Set(readoutWords(text))].slice(0, 200);
  return new LinkIndex(await linkCandidatesMatching(store.db, words, NARROW_TO), linkVocabulary());
}

/**
 * Accepts or rejects a proposal (or a candidate listed below the threshold). Accepting a commitment
 * records its proposed status, accepting a mechanism records the meeting, dated by the event (`date`
 * when given, else the event's date read at linking, else the readout's own date); a readout that dates
 * nothing is refused with a request for the date. All of it, with the events, in one transaction.
 */
export async function decideLink(
  store: Store,
  proposalId: number,
  decision: 'accept' | 'reject',
  author: string,
  now = new Date(),
  date?: string,
  decider: { principal?: Principal; visibility?: Visibility } = {},
): Promise<StoredProposal> {
  const principal = decider.principal ?? LOCAL_ADMINISTRATOR;
  return store.db.transaction().execute(async (trx) => {
    const proposal = await getProposal(trx, proposalId);
    if (!proposal) throw new NotFoundError('link proposal', String(proposalId));
    const seen = await visibilityFor(trx, { plan: proposal.planId }, principal, decider.visibility);
    if (!(await decideProposal(trx, proposalId, decision === 'accept' ? 'accepted' : 'rejected', author, seen))) {
      throw new InvalidUpdateError([{ key: 'error.link.decided', params: { id: proposalId, state: { key: `error.state.${proposal.state}` } } }]);
    }
    await appendEvent(trx, { actor: author, entity: 'link_proposal', entityId: String(proposalId), action: decision, before: proposal, after: { ...proposal, state: decision === 'accept' ? 'accepted' : 'rejected' } });
    if (decision === 'accept') {
      const readout = await readoutOf(trx, proposal.readoutId);
      if (!readout) throw new NotFoundError('readout', proposal.readoutId);
      const today = todayUtc(now);
      const found = date ?? proposal.meetingDate ?? readout.date ?? eventDate(readout.text)?.date;
      if (!found || !/^\d{4}-\d{2}-\d{2}$/.test(found)) {
        throw new InvalidUpdateError([{ key: 'error.link.noDate', params: { name: readout.name } }]);
      }
      if (found > today) throw new InvalidUpdateError([{ key: 'error.link.future', params: { date: found } }]);
      if (proposal.kind === 'mechanism') {
        await applyMeeting(trx, { id: randomUUID(), mechanismId: proposal.candidateId, date: found, place: null, level: null, outcome: proposal.passage }, author, principal, seen.visibility);
      } else if (proposal.proposedStatus) {
        await applyUpdate(
          trx,
          {
            id: randomUUID(),
            commitmentId: proposal.candidateId,
            status: proposal.proposedStatus,
            date: found,
            note: `From readout ${readout.name}: ${proposal.passage}`,
            evidence: [{ kind: 'file', name: readout.name, sha256: proposal.readoutId }],
            author,
          },
          today,
          now,
          principal,
          seen.visibility,
        );
      }
    }
    return { ...proposal, state: decision === 'accept' ? 'accepted' : 'rejected', visibility: seen.visibility };
  });
}

/** Proposals made for a readout that `scope` may read (of one plan when given): those above the threshold first, each part best first. */
export async function readoutProposals(store: Store, readoutId: string, scope: ReadScope, planId?: string): Promise<NamedProposal[]> {
  const proposals = await proposalsOf(store.db, readoutId, scope, planId);
  const names = await candidateNames(store.db, proposals);
  return proposals.map((p) => ({ ...p, candidateText: names.get(p.candidateId)?.text ?? null, planTitle: names.get(p.candidateId)?.planTitle ?? null }));
}

/** A proposal with what its candidate is called and the title of its plan (null when the plan is gone). */
export interface NamedProposal extends StoredProposal {
  candidateText: string | null;
  planTitle: string | null;
}

/** A stored readout: its name, text and own date (for the reviewer's page); null also when `scope` may read none of its proposals. */
export async function storedReadout(store: Store, readoutId: string, scope: ReadScope): Promise<{ name: string; text: string; date: string | null } | null> {
  if (!scope.all && (await proposalsOf(store.db, readoutId, scope)).length === 0) return null;
  return readoutOf(store.db, readoutId);
}
