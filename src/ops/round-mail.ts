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

/** Who a round writes to: each account answering for one of its organizations, with what it is asked. */
interface Addressee {
  email: string;
  to: MailRecipient;
  /** The round's assignments of this account's organizations. */
  mine: AssignmentRecord[];
  /** The catalog's placeholders: plan, round, due date, organizations, coordinator. */
  vars: Record<string, string>;
  link: string;
  why: Record<string, string>;
}

async function addresseesOf(store: Store, publicUrl: string, round: RoundRecord, partnershipId: string, coordinator: string): Promise<Addressee[]> {
  const assignments = await roundAssignments(store.db, round.id);
  const organizations = [...new Set(assignments.map((a) => a.organization.id))];
  const answerers = await answerersOf(store.db, partnershipId, organizations);
  const byEmail = new Map<string, typeof answerers>();
  for (const a of answerers) byEmail.set(a.email, [...(byEmail.get(a.email) ?? []), a]);
  return [...byEmail].map(([email, grants]) => {
    const { name, language } = grants[0]!;
    const theirs = new Set(grants.map((g) => g.organizationId));
    const mine = assignments.filter((a) => theirs.has(a.organization.id));
    const orgNames = [...new Map(mine.map((a) => [a.organization.id, organizationName(a.organization, language)])).values()].join(language === 'ja' ? '、' : ', ');
    const side = mine[0]?.organization.party ?? grants[0]!.organizationId.split(':')[0]!;
    return {
      email,
      to: { email, name, language, partnershipId, side },
      mine,
      vars: { plan: round.planTitle ?? round.planId, round: round.title, date: mailDate(round.dueDate, language), organization: orgNames, coordinator },
      link: `${publicUrl}/my/commitments?round=${encodeURIComponent(round.id)}&lang=${language}`,
      why: { organization: orgNames, partnership: partnershipName(partnershipId, language) },
    };
  });
}

/** The commitments listed in a message (one line per commitment, even when two of the account's organizations are asked). */
const lines = (items: AssignmentRecord[]) => [...new Set(items.map((a) => a.commitmentText))];

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
    for (const { email, to, mine, vars, link, why } of await addresseesOf(store, publicUrl, round, round.partnershipId, round.openedBy)) {
      const language = to.language;
      planned.push({
        reason: `round:open:${round.id}:${email}`,
        to,
        content: composeMessage({ language, name: to.name, subject: 'round.subject', body: 'round.body', vars, items: lines(mine), action: { label: 'round.action', url: link }, why, whyKey: 'round.why' }),
      });
      const owed = mine.filter(unanswered);
      if (round.dueDate < today && owed.length) {
        planned.push({
          reason: `round:overdue:${round.id}:${email}`,
          to,
          content: composeMessage({ language, name: to.name, subject: 'roundOverdue.subject', body: 'roundOverdue.body', vars, items: lines(owed), action: { label: 'round.action', url: link }, why, whyKey: 'round.why' }),
        });
      }
    }
  }
  return planned;
}

/**
 * "Remind now" on an open round: one message to each account whose organizations still owe an answer, listing
 * what they owe, from `coordinator`; keyed by the day (`round:remind:<round>:<email>:<day>`), so at most one a day
 * to each, however often it is asked. Before the due date it reminds of the date; after it, says it has passed.
 */
export async function reminderNowMessages(store: Store, publicUrl: string, round: RoundRecord, coordinator: string, now = new Date()): Promise<PlannedMessage[]> {
  if (!round.partnershipId || round.state !== 'open') return [];
  const today = todayUtc(now);
  const late = round.dueDate < today;
  const planned: PlannedMessage[] = [];
  for (const { email, to, mine, vars, link, why } of await addresseesOf(store, publicUrl, round, round.partnershipId, coordinator)) {
    const owed = mine.filter(unanswered);
    if (!owed.length) continue;
    planned.push({
      reason: `round:remind:${round.id}:${email}:${today}`,
      to,
      content: composeMessage({
        language: to.language,
        name: to.name,
        subject: late ? 'roundOverdue.subject' : 'roundReminder.subject',
        body: late ? 'roundReminder.bodyLate' : 'roundReminder.body',
        vars,
        items: lines(owed),
        action: { label: 'round.action', url: link },
        why,
        whyKey: 'round.why',
      }),
    });
  }
  return planned;
}
