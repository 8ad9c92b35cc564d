// The e-mail of update rounds: one request per account answering for a contributor organization when a round
// opens (its commitments, the due date, a sign-in link to "My commitments"), and one reminder after the due date
// to each account whose organization left something unanswered. Recipients come from accounts and their
// contributor grants; each message has a reason (`round:open:<round>:<email>`) so it is sent once.
import type { Store } from '../store/index.js';
import { answerersOf, getRound, openRounds, roundAssignments, type AssignmentRecord, type RoundRecord } from '../store/rounds.js';
import { composeMessage, mailDate, type MailLanguage } from '../mail/messages.js';
import type { MailRecipient } from '../store/mail.js';
import type { MailContent } from '../mail/messages.js';
import { loadVocabulary } from '../vocab/index.js';
import { todayUtc } from '../track/cadence.js';

/** A message to send: its reason (the mail log's unique key), recipient and content. */
export interface PlannedMessage {
  /** Why it is sent; the mail log's unique key (`meeting:overdue:<mechanism>:<due day>:<email>`). */
  reason: string;
  to: MailRecipient;
  content: MailContent;
}

/** A party's name in a language: JP → Japan / 日本. */
export function partyName(code: string, language: MailLanguage): string {
  const entry = loadVocabulary().parties.find((p) => p.code === code);
  return (language === 'ja' ? entry?.ja : entry?.names[0]) ?? code;
}

/** An organization's name in a language (the gazetteer's Japanese name on Japanese messages): JP:meti → 経済産業省. */
export function organizationName(org: { id: string; name: string }, language: MailLanguage): string {
  if (language !== 'ja') return org.name;
  const [party, id] = org.id.split(':');
  return loadVocabulary().organizations.find((o) => o.party === party && o.id === id)?.ja ?? org.name;
}

const partnershipName = (id: string, language: MailLanguage) => id.split('-').map((p) => partyName(p, language)).join(language === 'ja' ? '・' : '–');

/** An answer still owed: none yet, a draft, or one the coordinator returned. */
export const unanswered = (a: AssignmentRecord): boolean => a.answer === null || a.answer.state === 'draft' || a.answer.state === 'returned';

/**
 * The round messages due on `now`'s day: every open round's request to each account answering for one of its
 * organizations, and, past the due date, a reminder to each account whose organizations still owe an answer.
 * Pass `roundId` for one round only (its requests right after opening it).
 */
export async function roundMessages(store: Store, publicUrl: string, now = new Date(), roundId?: string): Promise<PlannedMessage[]> {
  const today = todayUtc(now);
  const rounds: RoundRecord[] = roundId ? [await getRound(store.db, roundId)].filter((r): r is RoundRecord => r !== null && r.state === 'open') : await openRounds(store.db);
  const planned: PlannedMessage[] = [];
  for (const round of rounds) {
    if (!round.partnershipId) continue;
    const assignments = await roundAssignments(store.db, round.id);
    const organizations = [...new Set(assignments.map((a) => a.organization.id))];
    const answerers = await answerersOf(store.db, round.partnershipId, organizations);
    const byEmail = new Map<string, typeof answerers>();
    for (const a of answerers) byEmail.set(a.email, [...(byEmail.get(a.email) ?? []), a]);
    for (const [email, grants] of byEmail) {
      const { name, language } = grants[0]!;
      const theirs = new Set(grants.map((g) => g.organizationId));
      const mine = assignments.filter((a) => theirs.has(a.organization.id));
      const orgNames = [...new Map(mine.map((a) => [a.organization.id, organizationName(a.organization, language)])).values()].join(language === 'ja' ? '、' : ', ');
      const side = mine[0]?.organization.party ?? grants[0]!.organizationId.split(':')[0]!;
      const to: MailRecipient = { email, name, language, partnershipId: round.partnershipId, side };
      const vars = { plan: round.planTitle ?? round.planId, round: round.title, date: mailDate(round.dueDate, language), organization: orgNames, coordinator: round.openedBy };
      const link = `${publicUrl}/my/commitments?round=${encodeURIComponent(round.id)}&lang=${language}`;
      const why = { organization: orgNames, partnership: partnershipName(round.partnershipId, language) };
      const lines = (items: AssignmentRecord[]) => [...new Set(items.map((a) => a.commitmentText))];
      planned.push({
        reason: `round:open:${round.id}:${email}`,
        to,
        content: composeMessage({ language, name, subject: 'round.subject', body: 'round.body', vars, items: lines(mine), action: { label: 'round.action', url: link }, why, whyKey: 'round.why' }),
      });
      const owed = mine.filter(unanswered);
      if (round.dueDate < today && owed.length) {
        planned.push({
          reason: `round:overdue:${round.id}:${email}`,
          to,
          content: composeMessage({ language, name, subject: 'roundOverdue.subject', body: 'roundOverdue.body', vars, items: lines(owed), action: { label: 'round.action', url: link }, why, whyKey: 'round.why' }),
        });
      }
    }
  }
  return planned;
}
