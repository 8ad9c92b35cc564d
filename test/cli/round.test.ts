// `kizuna round remind` and `kizuna round close` on a register in a data directory, with the reminders going to a
// real SMTP server: only the contributors who still owe answers, in their language, once a day; a closed round
// takes no reminder.
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
  let out = '';
  let err = '';
  const env = { HOME: work, KIZUNA_SMTP_URL: smtp.url, KIZUNA_PUBLIC_URL: 'https://kizuna.example.org', KIZUNA_AUTHOR: 'Europe Division' };
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
