// Evidence linking as a user action: ingest a readout, propose links to the register's commitments and
// mechanisms, keep the proposals; a person accepts one (recording the update or meeting) or rejects it.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { NotFoundError } from '../errors.js';
import { ingestBytes, ingestFile } from '../ingest/index.js';
import { decideProposal, getProposal, insertProposals, linkCandidates, proposalsOf, saveReadout, type StoredProposal } from '../store/tracking.js';
import { LinkIndex, type EntityName, type PartyName } from '../track/link.js';
import { eventDate } from '../track/era.js';
import { todayUtc } from '../track/cadence.js';
import { loadVocabulary, type Vocabulary } from '../vocab/index.js';
import type { Message } from '../types.js';
import { applyUpdate } from './tracking-status.js';
import { InvalidUpdateError } from '../errors.js';
import { applyMeeting } from './tracking-meetings.js';

export type { StoredProposal } from '../store/tracking.js';

/** The gazetteer's bodies and countries in the linker's terms (names, acronyms, Japanese names). */
export function linkVocabulary(vocabulary: Vocabulary = loadVocabulary()): { entities: EntityName[]; parties: PartyName[] } {
  return {
    entities: vocabulary.organizations.map((o) => ({
      id: `${o.party}:${o.id}`,
      names: [o.name, ...(o.aliases ?? []).filter((a) => !/[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(a))],
      acronyms: o.acronym ? [o.acronym] : [],
      ja: [o.ja, ...(o.aliases ?? []).filter((a) => /[\p{Script=Han}\p{Script=Katakana}]/u.test(a))].filter((x): x is string => Boolean(x)),
    })),
    parties: vocabulary.parties.map((p) => ({ code: p.code, names: [...p.names, ...p.adjectives], ja: p.ja ? [p.ja] : [] })),
  };
}

export interface ProposeResult {
  readoutId: string | null;
  proposals: StoredProposal[];
  messages: Message[];
}

/**
 * Reads a readout (file path, or bytes with a name), proposes links against the register (or one plan)
 * and stores readout and proposals. A readout proposed twice keeps its first proposals and decisions.
 */
export async function proposeLinks(
  store: Store,
  source: { path: string } | { name: string; bytes: Uint8Array },
  options: { planId?: string; index?: LinkIndex } = {},
): Promise<ProposeResult> {
  const ingested = 'path' in source ? await ingestFile(source.path) : await ingestBytes(source.name, source.bytes);
  if (!ingested.document) return { readoutId: null, proposals: [], messages: ingested.messages };
  const document = ingested.document;
  // the whole register's candidates, so the readout's pair and the terms' weights are read against all plans
  const index = options.index ?? new LinkIndex(await linkCandidates(store.db), linkVocabulary());
  const proposals = index.propose(document.text, options.planId ? { planId: options.planId } : {});
  await store.db.transaction().execute(async (trx) => {
    await saveReadout(trx, { id: document.sha256, name: document.name, text: document.text });
    await insertProposals(trx, document.sha256, proposals);
  });
  return { readoutId: document.sha256, proposals: await proposalsOf(store.db, document.sha256), messages: ingested.messages };
}

/**
 * Accepts or rejects a pending proposal. Accepting a commitment proposal records its proposed status
 * dated by the readout (its event date, else today), with the readout as evidence; accepting a
 * mechanism proposal records the meeting. All of it, with the events, in one transaction.
 */
export async function decideLink(store: Store, proposalId: number, decision: 'accept' | 'reject', author: string, now = new Date()): Promise<StoredProposal> {
  return store.db.transaction().execute(async (trx) => {
    const proposal = await getProposal(trx, proposalId);
    if (!proposal) throw new NotFoundError('link proposal', String(proposalId));
    if (!(await decideProposal(trx, proposalId, decision === 'accept' ? 'accepted' : 'rejected', author))) {
      throw new InvalidUpdateError([`link proposal ${proposalId} was already ${proposal.state}`]);
    }
    await appendEvent(trx, { actor: author, entity: 'link_proposal', entityId: String(proposalId), action: decision, before: proposal, after: { ...proposal, state: decision === 'accept' ? 'accepted' : 'rejected' } });
    if (decision === 'accept') {
      const readout = await trx.selectFrom('readouts').select(['name', 'text']).where('id', '=', proposal.readoutId).executeTakeFirstOrThrow();
      const today = todayUtc(now);
      const found = eventDate(readout.text)?.date;
      const date = found && found.length === 10 && found <= today ? found : today;
      if (proposal.kind === 'mechanism') {
        await applyMeeting(trx, { id: randomUUID(), mechanismId: proposal.candidateId, date: proposal.meetingDate ?? date, place: null, level: null, outcome: proposal.passage }, author);
      } else if (proposal.proposedStatus) {
        await applyUpdate(
          trx,
          {
            id: randomUUID(),
            commitmentId: proposal.candidateId,
            status: proposal.proposedStatus,
            date,
            note: `From readout ${readout.name}: ${proposal.passage}`,
            evidence: [{ kind: 'file', name: readout.name, sha256: proposal.readoutId }],
            author,
          },
          today,
          now,
        );
      }
    }
    return { ...proposal, state: decision === 'accept' ? 'accepted' : 'rejected' };
  });
}

/** Proposals made for a readout, best first. */
export async function readoutProposals(store: Store, readoutId: string): Promise<StoredProposal[]> {
  return proposalsOf(store.db, readoutId);
}
