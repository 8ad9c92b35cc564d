// `kizuna round remind` and `kizuna round close` on a register in a data directory, with the reminders going to a
// real SMTP server: only the contributors who still owe answers, in their language, once a day; a closed round
// takes no reminder. Output and refusals in the locale's language (English or Japanese).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { openAppRegister } from '../../src/ops/open-register.js';
import { planStore } from '../../src/ops/plan-store.js';
import { addAccount } from '../../src/ops/accounts.js';
import { openRound } from '../../src/ops/rounds.js';
import { LOCAL_ADMINISTRATOR } from '../../src/auth/principal.js';
import { makeExtraction } from '../store/fixture.js';
import { fixturePlans } from '../helpers/web-app.js';
import { grant } from '../helpers/accounts.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { cliWorkspace, migratedDataDir } from './cli-helpers.js';

const { work } = cliWorkspace('round');
const smtp = await startSmtpServer();
after(() => smtp.close());

async function kizuna(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return kizunaIn({}, ...argv);
}

/** The CLI with more environment (a locale: LANG=ja_JP.UTF-8). */
async function kizunaIn(more: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { HOME: work, KIZUNA_SMTP_URL: smtp.url, KIZUNA_PUBLIC_URL: 'https://kizuna.example.org', KIZUNA_AUTHOR: 'Europe Division', ...more };
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env, cwd: work });
  return { code, out, err };
}

test('kizuna round remind reminds who still owes an answer, once a day; kizuna round close ends the round', async () => {
  const data = await migratedDataDir(`${work}/data`);
  const opened = await openAppRegister({ data, env: {} });
  let roundId = '';
  try {
    const { extraction, bytes } = makeExtraction(fixturePlans.find((p) => p.parties.includes('PL'))!);
    const { planId } = await planStore(opened.store, extraction, bytes, { actor: 'test' });
    await addAccount(opened.store, { email: 'meti@meti.example.jp', name: '経産 花子', language: 'ja', grants: [grant('contributor', 'JP-PL', 'JP', 'JP:meti')] }, 'test');
    roundId = (await openRound(opened.store, { principal: LOCAL_ADMINISTRATOR, name: 'test' }, { planId, title: 'Progress for the 2026 review', dueDate: '2099-03-31' })).round.id;
  } finally {
    await opened.close();
  }

  const first = await kizuna('round', 'remind', roundId, '--data', data);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out, '1 reminder(s) sent, 0 already sent today, 0 failed\n');
  assert.deepEqual(smtp.received.flatMap((r) => r.to), ['meti@meti.example.jp']);
  const mail = smtp.received[0]!.mail;
  assert.match(mail.subject ?? '', /進捗のご報告のお願い（期限 2099年3月31日）/);
  assert.match(mail.text ?? '', /Europe Divisionより経済産業省へのお願いです。/);
  assert.match(mail.text ?? '', /https:\/\/kizuna\.example\.org\/my\/commitments\?round=.*&lang=ja/);

  const again = await kizuna('round', 'remind', roundId, '--data', data);
  assert.equal(again.out, '0 reminder(s) sent, 1 already sent today, 0 failed\n');
  assert.equal(smtp.received.length, 1);

  const closed = await kizuna('round', 'close', roundId, '--data', data);
  assert.equal(closed.code, 0, closed.err);
  assert.match(closed.out, /\[closed\]/);
  const refused = await kizuna('round', 'remind', roundId, '--data', data);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /is closed; nobody is reminded/);
  assert.equal((await kizuna('round', 'close', roundId, '--data', data)).code, 1, 'closed once');
});

test('kizuna round speaks the locale’s language: Japanese under LANG=ja_JP.UTF-8 (refusals too), English otherwise', async () => {
  const data = await migratedDataDir(`${work}/data-lang`);
  const opened = await openAppRegister({ data, env: {} });
  let planId = '';
  try {
    const { extraction, bytes } = makeExtraction(fixturePlans.find((p) => p.parties.includes('PL'))!);
    planId = (await planStore(opened.store, extraction, bytes, { actor: 'test' })).planId;
  } finally {
    await opened.close();
  }
  const ja = { LANG: 'ja_JP.UTF-8', KIZUNA_SMTP_URL: '' };
  const none = await kizunaIn(ja, 'round', 'list', planId, '--data', data);
  assert.equal(none.out, `${planId}: 進捗照会はありません\n`);
  const opening = await kizunaIn(ja, 'round', 'open', planId, '--title', '2026年レビュー', '--due', '2099-03-31', '--data', data);
  assert.equal(opening.code, 0, opening.err);
  const roundId = opening.out.split('  ')[0]!;
  assert.match(opening.out, /^\S+  2026年レビュー  期限 2099-03-31  \[受付中\]  \d{4}-\d\d-\d\d に Europe Division が開始\n/);
  assert.match(opening.out, /\n  JP:meti（JP）: 回答 0\/1、承認 0、期限超過 0\n/);
  assert.match(opening.out, /\n  #\d+  JP:meti\s+未回答  /);
  assert.match(opening.out, /\n  照会していない取組: 1\nSMTP が設定されていません。依頼は次回の kizuna remind で送られます\n$/);
  assert.doesNotMatch(opening.out, /due|answered|not requested|Not answered/);

  const closed = await kizunaIn(ja, 'round', 'close', roundId, '--data', data);
  assert.match(closed.out, /\[締切済み\]/);
  assert.match(closed.out, /\n  \d{4}-\d\d-\d\d に Europe Division が締め切り\n/, 'who closed it and when');
  assert.equal((await kizunaIn(ja, 'round', 'list', planId, '--data', data)).out, `${roundId}  2026年レビュー  期限 2099-03-31  [締切済み]\n`);
  // A refusal of the operations layer, in the locale's language; in English without a Japanese locale.
  const again = await kizunaIn(ja, 'round', 'close', roundId, '--data', data);
  assert.equal(again.code, 1);
  assert.equal(again.err, `kizuna round: 進捗照会 ${roundId} はすでに締め切られています。\n`);
  assert.equal((await kizunaIn({ LANG: 'en_GB.UTF-8' }, 'round', 'close', roundId, '--data', data)).err, `kizuna round: Round ${roundId} is already closed.\n`);

  const english = await kizuna('round', 'show', roundId, '--data', data);
  assert.match(english.out, /\n  closed by Europe Division on \d{4}-\d\d-\d\d\n/);
  assert.match(english.out, /^\S+  2026年レビュー  due 2099-03-31  \[closed\]  opened by Europe Division on \d{4}-\d\d-\d\d\n/);
  assert.match(english.out, /\n  JP:meti \(JP\): 0\/1 answered, 0 accepted, 0 overdue\n/);
  assert.match(english.out, /\n  #\d+  JP:meti\s+Not answered  /);
  assert.match(english.out, /\n  not requested: 1\n$/);

  // Reopened: open again, with who reopened it; reopening an open round is refused.
  const reopened = await kizunaIn(ja, 'round', 'reopen', roundId, '--author', 'Poland desk', '--data', data);
  assert.equal(reopened.code, 0, reopened.err);
  assert.match(reopened.out, /\[受付中\]/);
  assert.match(reopened.out, /\n  \d{4}-\d\d-\d\d に Poland desk が再開\n/);
  assert.equal((await kizuna('round', 'reopen', roundId, '--data', data)).err, `kizuna round: Round ${roundId} is open; only a closed round can be reopened.\n`);

  // Reopened with a new due date: the round is due then.
  assert.equal((await kizuna('round', 'close', roundId, '--data', data)).code, 0);
  const later = await kizuna('round', 'reopen', roundId, '--due', '2099-06-30', '--data', data);
  assert.equal(later.code, 0, later.err);
  assert.match(later.out, /  due 2099-06-30  \[open\]/);
});
