// Reminders by e-mail against a real SMTP server (smtp-server) started on loopback by the test: recipients,
// language (Japanese for a Japanese desk), plain text and HTML, links into the app; never sent twice for the
// same reason; a failed send is logged and retried on the next run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp.js';
import { followPartnership, mailHistory, plannedReminders, sendReminders } from '../../src/ops/remind.js';
import { mailConfig, smtpMailer } from '../../src/mail/transport.js';
import { mailCatalogs } from '../../src/mail/messages.js';

let t: TestApp;
let smtp: TestSmtpServer;
let received: ReceivedMail[] = [];

before(async () => {
  t = await seededApp();
  smtp = await startSmtpServer();
  received = smtp.received;
  await followPartnership(t.opened.store, { email: 'jp-desk@mofa.example.jp', partnershipId: 'JP-PL', side: 'JP', name: '山田', language: 'ja' }, 'test');
  await followPartnership(t.opened.store, { email: 'pl-desk@msz.example.pl', partnershipId: 'JP-PL', side: 'PL', name: 'Anna Nowak', language: 'en' }, 'test');
});
after(async () => {
  await smtp.close();
  await t.opened.close();
});

const now = new Date('2026-06-01T08:00:00Z');
const env = () => ({ KIZUNA_SMTP_URL: smtp.url, KIZUNA_MAIL_FROM: 'Kizuna <kizuna@example.org>', KIZUNA_PUBLIC_URL: 'https://kizuna.example.org/' });

test('the mail catalogs have the same keys in English and Japanese', () => {
  assert.deepEqual(Object.keys(mailCatalogs.ja).sort(), Object.keys(mailCatalogs.en).sort());
});

test('reminders go out over SMTP in each recipient\'s language, with links, once per reason', async () => {
  const mailer = smtpMailer(mailConfig(env())!);
  try {
    const first = await sendReminders(t.opened.store, mailer, now);
    assert.ok(first.sent >= 2, JSON.stringify(first));
    assert.deepEqual(first.failed, []);
    assert.equal(received.length, first.sent);
    const recipients = new Set(received.flatMap((r) => r.to));
    assert.deepEqual([...recipients].sort(), ['jp-desk@mofa.example.jp', 'pl-desk@msz.example.pl']);
    // Only the Japan–Poland partnership is followed: no message about another plan.
    for (const r of received) assert.doesNotMatch(`${r.mail.subject} ${r.mail.text}`, /Denmark|Germany/);

    const japanese = received.filter((r) => r.to.includes('jp-desk@mofa.example.jp'));
    const english = received.filter((r) => r.to.includes('pl-desk@msz.example.pl'));
    assert.equal(japanese.length, english.length);
    const jaStale = japanese.find((r) => /更新のない取組/.test(r.mail.subject ?? ''));
    assert.ok(jaStale, japanese.map((r) => r.mail.subject).join(' | '));
    assert.match(jaStale.mail.text ?? '', /^山田 様/);
    assert.match(jaStale.mail.text ?? '', /https:\/\/kizuna\.example\.org\/plans\/p-[0-9a-f]{12}\?lang=ja/);
    assert.match(String(jaStale.mail.html), /<html lang="ja">/);
    assert.match(String(jaStale.mail.html), /href="https:\/\/kizuna\.example\.org\/plans\/p-[0-9a-f]{12}\?lang=ja"/);
    const enStale = english.find((r) => /without an update for 6 months/.test(r.mail.subject ?? ''));
    assert.ok(enStale, english.map((r) => r.mail.subject).join(' | '));
    assert.match(enStale.mail.text ?? '', /^Dear Anna Nowak,/);
    assert.match(enStale.mail.text ?? '', /The two sides will promote exchanges between universities and students\. \(never updated\)/);
    assert.doesNotMatch(enStale.mail.text ?? '', /[ぁ-んァ-ン]/);
    assert.equal(enStale.mail.from?.value[0]?.address, 'kizuna@example.org');
    // A mechanism overdue by its cadence (annual, none met since the plan began) is reminded in both languages.
    assert.ok(english.some((r) => /meeting overdue since/.test(r.mail.subject ?? '')), english.map((r) => r.mail.subject).join(' | '));
    assert.ok(japanese.some((r) => /開催期限を過ぎています/.test(r.mail.subject ?? '')));

    // The same day again (or the server's scheduler and cron at once): nothing is sent twice.
    const [again, concurrent] = await Promise.all([sendReminders(t.opened.store, mailer, now), sendReminders(t.opened.store, mailer, now)]);
    assert.equal(again.sent + concurrent.sent, 0);
    assert.equal(received.length, first.sent);
    const log = await mailHistory(t.opened.store);
    assert.equal(log.filter((l) => l.status === 'sent').length, first.sent);
    assert.ok(log.every((l) => l.messageId));
  } finally {
    mailer.close();
  }
});

test('a send that fails is logged as failed and retried on the next run, then sent once', async () => {
  await followPartnership(t.opened.store, { email: 'dk-desk@um.example.dk', partnershipId: 'DK-JP', side: 'DK', name: 'Mette', language: 'en' }, 'test');
  const dead = smtpMailer(mailConfig({ KIZUNA_SMTP_URL: 'smtp://127.0.0.1:9' })!);
  const failed = await sendReminders(t.opened.store, dead, now);
  dead.close();
  assert.equal(failed.sent, 0);
  assert.ok(failed.failed.length >= 1);
  assert.ok((await mailHistory(t.opened.store)).some((l) => l.recipient === 'dk-desk@um.example.dk' && l.status === 'failed' && l.error));
  const before = received.length;
  const mailer = smtpMailer(mailConfig(env())!);
  try {
    const retried = await sendReminders(t.opened.store, mailer, now);
    assert.equal(retried.sent, failed.failed.length);
    assert.ok(received.slice(before).every((r) => r.to.includes('dk-desk@um.example.dk')));
  } finally {
    mailer.close();
  }
});

test('settings and recipients are checked, and a dry run plans without sending', async () => {
  assert.equal(mailConfig({}), null);
  assert.throws(() => mailConfig({ KIZUNA_SMTP_URL: 'http://mail' }), /KIZUNA_SMTP_URL/);
  await assert.rejects(followPartnership(t.opened.store, { email: 'not-an-address', partnershipId: 'JP-PL', side: 'FR', name: 'x', language: 'en' }, 'test'), /not an e-mail address.*not a party/);
  const planned = await plannedReminders(t.opened.store, 'https://kizuna.example.org', now);
  assert.ok(planned.length >= 1);
  assert.ok(planned.every((p) => p.content.html.includes('https://kizuna.example.org/') && p.content.text.includes('https://kizuna.example.org/')));
});
