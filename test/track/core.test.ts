// The pure tracking core: the status scale, cadence due dates, the iCalendar feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, validateProgressUpdate as validate, type PreviousState, type ProgressUpdateInput } from '../../src/track/status.js';
import { fill, type Lang } from '../../src/web/i18n/translator.js';
import { nextDue, addMonths, metAsPromised } from '../../src/track/cadence.js';
import { buildCalendar, foldLine, escapeText } from '../../src/track/ical.js';

const update = (over: Partial<ProgressUpdateInput> = {}): ProgressUpdateInput => ({
  status: 'in_progress_limited', date: '2025-06-01', note: 'First meeting held', evidence: [], author: 'desk', ...over,
});

/** The refusals of an update as a reader of `lang` reads them (catalog messages, see errors.ts). */
const validateProgressUpdate = (u: ProgressUpdateInput, previous: PreviousState, today: string, lang: Lang = 'en') =>
  validate(u, previous, today).map((p) => fill(lang, p.key, p.params));

test('status transitions and progress update validation', () => {
  assert.ok(canTransition('not_started', 'completed'));
  assert.ok(canTransition('ongoing', 'ongoing'));
  assert.ok(!canTransition('not_started', 'not_started'));
  assert.ok(!canTransition('withdrawn', 'in_progress_limited'));
  assert.ok(!canTransition('completed', 'not_started'));
  assert.deepEqual(validateProgressUpdate(update(), { status: 'not_started', date: null }, '2025-12-31'), []);
  const problems = validateProgressUpdate(
    update({ status: 'completed', date: '2026-01-01', note: ' ', author: '', evidence: [{ kind: 'url', url: 'ftp://x' }] }),
    { status: 'withdrawn', date: '2025-01-01' },
    '2025-12-31',
  );
  assert.deepEqual(problems, [
    'status cannot change from withdrawn to completed',
    'date 2026-01-01 is in the future',
    'note is empty',
    'author is empty',
    "evidence 'ftp://x' is not an http(s) URL",
  ]);
  assert.deepEqual(validateProgressUpdate(update({ status: 'completed' }), { status: 'in_progress_limited', date: null }, '2025-12-31'), [
    'completed needs at least one piece of evidence',
  ]);
  assert.deepEqual(validateProgressUpdate(update({ date: '2025-02-30' }), { status: 'not_started', date: null }, '2025-12-31'), [
    "date '2025-02-30' is not a calendar date YYYY-MM-DD",
  ]);
  assert.deepEqual(validateProgressUpdate(update({ date: '2025-01-01' }), { status: 'in_progress_limited', date: '2025-03-01' }, '2025-12-31'), [
    'date 2025-01-01 is before the latest update (2025-03-01)',
  ]);
  // The same rules in Japanese, statuses by their labels, for a ministry answering a round.
  assert.deepEqual(validateProgressUpdate(update({ status: 'completed', date: '2026-01-01' }), { status: 'withdrawn', date: null }, '2025-12-31', 'ja'), [
    '実施状況を「取り下げ」から「完了」に変えることはできません',
    '日付 2026-01-01 は未来の日付です',
    '「完了」とするには根拠が少なくとも一つ必要です',
  ]);
});

test('cadence: next due date, due soon, overdue, regular read as yearly, plan end', () => {
  const plan = { planStart: '2025-03-01', planEnd: '2029-12-31' };
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2025-11-15', 24), '2027-11-15');
  const biennial = nextDue({ cadence: 'biennial', meetings: ['2025-05-14'], ...plan }, '2026-01-01');
  assert.deepEqual([biennial.nextDue, biennial.state], ['2027-05-14', 'scheduled']);
  const annualNone = nextDue({ cadence: 'annual', meetings: [], ...plan }, '2026-03-02');
  assert.deepEqual([annualNone.nextDue, annualNone.state, annualNone.daysLeft], ['2026-03-01', 'overdue', -1]);
  const soon = nextDue({ cadence: 'regular', meetings: ['2025-03-03'], ...plan }, '2026-02-01');
  assert.deepEqual([soon.nextDue, soon.state], ['2026-03-03', 'due_soon']);
  assert.equal(nextDue({ cadence: 'regular', meetings: ['2025-03-03'], ...plan }, '2026-02-01', { regularMonths: 6 }).state, 'overdue');
  assert.equal(nextDue({ cadence: 'unspecified', meetings: [], ...plan }, '2027-01-01').state, 'unscheduled');
  assert.equal(nextDue({ cadence: 'once', meetings: [], ...plan }, '2027-01-01').nextDue, '2029-12-31');
  assert.equal(nextDue({ cadence: 'once', meetings: ['2026-01-01'], ...plan }, '2027-01-01').state, 'not_due');
  assert.equal(nextDue({ cadence: 'annual', meetings: ['2029-06-01'], ...plan }, '2029-07-01').state, 'plan_ended');
  assert.ok(!metAsPromised({ cadence: 'annual', meetings: [], ...plan }, '2026-06-30'));
  assert.ok(metAsPromised({ cadence: 'annual', meetings: ['2025-09-01'], ...plan }, '2026-06-30'));
});

const utf8 = (s: string) => new TextEncoder().encode(s).length;

test('iCalendar: CRLF, folding at 75 octets without splitting UTF-8, escaping, all-day dates', () => {
  const summary = '第3回日・ポーランド外務次官級政務協議（次回開催予定）; political consultations, deputy level \\ 東京';
  const ics = buildCalendar(
    [{ uid: 'mech-pl-m1-2027-05-14@kizuna', date: '2027-05-14', summary, description: 'line one\nline two' }],
    { name: 'Kizuna', now: new Date('2026-11-23T09:00:00Z') },
  );
  assert.ok(ics.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
  const physical = ics.split('\r\n').slice(0, -1);
  for (const line of physical) {
    assert.ok(utf8(line) <= 75, `line over 75 octets: ${line}`);
    assert.ok(!line.includes('\uFFFD'));
  }
  const unfolded = ics.replace(/\r\n /g, '');
  assert.ok(unfolded.includes(`SUMMARY:${escapeText(summary)}`));
  assert.ok(unfolded.includes('SUMMARY:第3回日・ポーランド外務次官級政務協議（次回開催予定）\\; political consultations\\, deputy level \\\\ 東京'));
  assert.ok(unfolded.includes('DESCRIPTION:line one\\nline two'));
  assert.ok(unfolded.includes('DTSTART;VALUE=DATE:20270514\r\nDTEND;VALUE=DATE:20270515'));
  assert.ok(unfolded.includes('DTSTAMP:20261123T090000Z'));
  assert.ok(unfolded.includes('UID:mech-pl-m1-2027-05-14@kizuna'));
  assert.equal(foldLine('a'.repeat(75)), 'a'.repeat(75));
  assert.equal(foldLine('a'.repeat(76)), `${'a'.repeat(75)}\r\n a`);
  // 協 is 3 octets: 25 of them fill 75 octets exactly, the 26th moves to a continuation line
  assert.equal(foldLine('協'.repeat(26)), `${'協'.repeat(25)}\r\n 協`);
  assert.equal(foldLine(`x${'協'.repeat(25)}`), `x${'協'.repeat(24)}\r\n 協`);
});
