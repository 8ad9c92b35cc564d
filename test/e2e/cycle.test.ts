// The two-party cycle of issue 13 end to end in headless Chromium, on the Japan–Poland plan of the demo seeds,
// with e-mail going to a real SMTP server (smtp-server) started by the test and the clock moved by the test
// (the app's injectable now, not sleeps): Japan's coordinator opens an update round; a Japanese (METI) and a
// Polish (Ministry of Science) contributor receive the request in their language, follow its link, sign in and
// answer; before the due date the coordinator reminds now from the round page (once a day); after it the one who
// has not answered is reminded (once); the coordinator accepts both and closes the round; the
// annual review shows the round in Japanese; Poland's coordinator proposes an amendment withdrawing one commitment
// and adding one, Japan consents; the plan as of a day before the amendment still shows the old text and the
// redline shows the change. Fails (never skips) without Chromium: it is the bar.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ParsedMail } from 'mailparser';
import { serveInChromium } from '../helpers/browser.js';
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { openAppRegister, type OpenedRegister } from '../../src/ops/open-register.js';
import { addAccount } from '../../src/ops/accounts.js';
import { sendReminders } from '../../src/ops/remind.js';
import { mailConfig, smtpMailer, type Mailer } from '../../src/mail/transport.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { grant } from '../helpers/accounts.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple 2026';
let opened: OpenedRegister;
let smtp: TestSmtpServer | undefined;
let mailer: Mailer;
let browser: Browser;
let base: string;
let closeBrowser: (() => Promise<void>) | undefined;
/** The app's clock: the test moves it past the due date. */
let clock = new Date('2026-03-02T09:00:00Z');
let inbox: ReceivedMail[] = [];
let planId = '';

before(async () => {
  opened = await openAppRegister({ memory: true, env: {} });
  await opened.register.loadDemo();
  planId = (await opened.store.db.selectFrom('plans').select('id').where('partnership_id', '=', 'JP-PL').executeTakeFirstOrThrow()).id;
  smtp = await startSmtpServer();
  inbox = smtp.received;
  mailer = smtpMailer(mailConfig({ KIZUNA_SMTP_URL: smtp.url, KIZUNA_MAIL_FROM: 'Kizuna <kizuna@example.org>' })!);
  const people: [string, string, 'en' | 'ja', ReturnType<typeof grant>][] = [
    ['desk@mofa.example.jp', '欧州局 中・東欧課', 'ja', grant('coordinator', 'JP-PL', 'JP')],
    ['desk@msz.example.pl', 'Departament Azji', 'en', grant('coordinator', 'JP-PL', 'PL')],
    ['energy@meti.example.jp', '経産 花子', 'ja', grant('contributor', 'JP-PL', 'JP', 'JP:meti')],
    ['science@mnisw.example.pl', 'Anna Nowak', 'en', grant('contributor', 'JP-PL', 'PL', 'PL:mnisw')],
  ];
  for (const [email, name, language, g] of people) await addAccount(opened.store, { email, name, language, password: PASSWORD, grants: [g] }, 'test');
  const app = createApp({ register: opened.register, store: opened.store, vocabulary: loadVocabulary(), drafts: new DraftStore(), maxUploadBytes: 1024 * 1024, now: () => clock, mailer });
  ({ base, browser, close: closeBrowser } = await serveInChromium(app));
  // Links in messages point at the app as served.
  mailer.publicUrl = base;
});

after(async () => {
  await closeBrowser?.();
  mailer?.close();
  await smtp?.close();
  await opened?.close();
});

/** A browser of its own for one person (cookies apart), failing on any script error. */
async function person(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.fail(`script error: ${error.message}`));
  return { context, page };
}

/** Signs in on the sign-in page the app shows (after following a link, or opened directly). */
async function signIn(page: Page, email: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/signin')) await page.goto(`${base}/signin`);
  await page.locator('#signin-email').fill(email);
  await page.locator('#signin-password').fill(PASSWORD);
  await page.locator('form button[type=submit].primary').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

const linkIn = (mail: ParsedMail) => /https?:\/\/\S+\/my\/commitments\?\S+/.exec(mail.text ?? '')?.[0];

test('the two-party cycle: round, answers by e-mail link, reminder, acceptance, Japanese review, amendment by consent', { timeout: 600_000 }, async () => {
  // 1. Japan's coordinator opens a round from the plan page.
  const japan = await person('ja-JP');
  await signIn(japan.page, 'desk@mofa.example.jp');
  await japan.page.goto(`${base}/plans/${planId}?lang=en`);
  await japan.page.getByRole('link', { name: 'Update rounds' }).click();
  await japan.page.getByLabel('Title (e.g. Progress for the 2026 review)').fill('Progress for the 2026 review');
  await japan.page.getByLabel('Due date').fill('2026-03-31');
  await japan.page.getByRole('button', { name: 'Open the round and send the requests' }).click();
  await japan.page.getByText('The round is open; the requests were sent to the contributors.').waitFor();
  const roundUrl = japan.page.url().split('?')[0]!;

  // 2. Each contributor organization's account got one request, in its language, with a link to answer.
  assert.deepEqual(inbox.flatMap((m) => m.to).sort(), ['energy@meti.example.jp', 'science@mnisw.example.pl']);
  const metiMail = inbox.find((m) => m.to.includes('energy@meti.example.jp'))!.mail;
  const plMail = inbox.find((m) => m.to.includes('science@mnisw.example.pl'))!.mail;
  assert.match(metiMail.subject ?? '', /2026年3月31日までに進捗のご報告をお願いします/);
  assert.match(metiMail.text ?? '', /経済産業省/);
  assert.match(String(metiMail.html), /<html lang="ja">/);
  assert.match(plMail.subject ?? '', /progress requested by 31 March 2026/);
  assert.match(plMail.text ?? '', /^Dear Anna Nowak,/);
  assert.match(plMail.text ?? '', /Ministry of Science and Higher Education/);
  assert.doesNotMatch(plMail.text ?? '', /[ぁ-んァ-ン]/);

  // 3. METI follows the link (sign-in first), answers every commitment asked of it, and submits.
  const meti = await person('ja-JP');
  await meti.page.goto(linkIn(metiMail)!);
  await meti.page.waitForURL(/\/signin\?next=/);
  await signIn(meti.page, 'energy@meti.example.jp');
  assert.match(meti.page.url(), /\/my\/commitments\?round=/);
  await meti.page.getByRole('heading', { name: '担当の取組' }).waitFor();
  const metiForms = meti.page.locator('form[action$="/answer"]');
  const metiCount = await metiForms.count();
  assert.ok(metiCount >= 1, 'METI is asked about its commitments');
  // A submitted answer keeps its form (it can be corrected until accepted), so the forms stay in place.
  for (let i = 0; i < metiCount; i++) {
    const form = meti.page.locator('form[action$="/answer"]').nth(i);
    await form.locator('select[name=status]').selectOption('in_progress_substantial');
    await form.locator('textarea[name=note]').fill('2026年3月に第1回エネルギー対話を開催しました。');
    await form.getByRole('button', { name: '提出する' }).click();
    await meti.page.getByText('回答を調整担当者に提出しました。').waitFor();
  }
  assert.equal(await meti.page.locator('.badge.round-submitted').count(), metiCount);

  // 3b. Before the due date Japan's coordinator reminds now, from the round page in Japanese: only the Polish
  // ministry, which has not answered, gets a reminder (in English); asked again the same day, nobody gets another.
  await japan.page.goto(`${roundUrl}?lang=ja`);
  assert.ok((await japan.page.locator('select#as-org option').count()) >= 2, 'the organization to ask is chosen from the plan’s');
  const beforeNow = inbox.length;
  await japan.page.getByRole('button', { name: '今すぐ督促する' }).click();
  await japan.page.getByText('督促を1件送信しました（本日送信済み：0件、失敗：0件）。').waitFor();
  assert.deepEqual(inbox.slice(beforeNow).flatMap((m) => m.to), ['science@mnisw.example.pl']);
  assert.match(inbox.at(-1)!.mail.subject ?? '', /a reminder — progress due by 31 March 2026/);
  await japan.page.getByRole('button', { name: '今すぐ督促する' }).click();
  await japan.page.getByText('督促を0件送信しました（本日送信済み：1件、失敗：0件）。').waitFor();
  assert.equal(inbox.length, beforeNow + 1, 'once a day');

  // 4. After the due date the Polish ministry, which has not answered, is reminded once; METI is not.
  clock = new Date('2026-04-02T07:00:00Z');
  const before = inbox.length;
  const run = await sendReminders(opened.store, mailer, clock);
  assert.deepEqual(run.failed, []);
  assert.deepEqual(inbox.slice(before).flatMap((m) => m.to), ['science@mnisw.example.pl']);
  const reminder = inbox.at(-1)!.mail;
  assert.match(reminder.subject ?? '', /your progress report was due on 31 March 2026/);
  await sendReminders(opened.store, mailer, new Date('2026-04-03T07:00:00Z'));
  assert.equal(inbox.length, before + 1, 'a reminder is sent once');

  // 5. Poland's ministry follows the reminder's link and answers with a file as evidence.
  const poland = await person('en-GB');
  await poland.page.goto(linkIn(reminder)!);
  await signIn(poland.page, 'science@mnisw.example.pl');
  await poland.page.getByRole('heading', { name: 'My commitments' }).waitFor();
  assert.ok(await poland.page.locator('.badge.round-overdue').count() >= 1, 'the page says it is overdue');
  const plCount = await poland.page.locator('form[action$="/answer"]').count();
  for (let i = 0; i < plCount; i++) {
    const form = poland.page.locator('form[action$="/answer"]').nth(i);
    await form.locator('select[name=status]').selectOption('in_progress_limited');
    await form.locator('textarea[name=note]').fill('Joint call for research projects announced.');
    await form.locator('input[type=file]').setInputFiles({ name: 'call.txt', mimeType: 'text/plain', buffer: Buffer.from('Joint call 2026') });
    await form.getByRole('button', { name: 'Submit' }).click();
    await poland.page.getByText('Your answer was submitted to the coordinator.').waitFor();
  }
  assert.equal(await poland.page.locator('.badge.round-submitted').count(), plCount);

  // 6. Japan's coordinator sees every answer in and accepts them: they become progress by their authors.
  await japan.page.goto(`${roundUrl}?lang=en`);
  // Every organization among the actors was asked; only these two answered, the others are overdue.
  const counts = /(\d+) of (\d+) answered(\d+) overdue/.exec((await japan.page.locator('.round-counts').textContent()) ?? '');
  assert.ok(counts, 'the round page counts answers');
  const [answeredN, asked, overdueN] = counts.slice(1).map(Number) as [number, number, number];
  assert.equal(answeredN, metiCount + plCount);
  assert.equal(overdueN, asked - answeredN);
  while ((await japan.page.getByRole('button', { name: 'Accept' }).count()) > 0) {
    await japan.page.getByRole('button', { name: 'Accept' }).first().click();
    await japan.page.getByText('The answer was accepted and recorded as progress.').waitFor();
  }
  assert.equal(await japan.page.locator('.badge.round-accepted').count(), metiCount + plCount);
  // Then closes the round: shown closed, no more answers.
  await japan.page.getByRole('button', { name: 'Close the round' }).click();
  await japan.page.getByText('The round is closed.').waitFor();
  assert.equal(await japan.page.locator('.badge.round-closed').textContent(), 'Closed');
  const authors = await opened.store.db.selectFrom('progress_updates').select(['author', 'side']).orderBy('author').execute();
  assert.deepEqual([...new Set(authors.map((a) => `${a.author} ${a.side}`))], ['energy@meti.example.jp JP', 'science@mnisw.example.pl PL']);

  // 7. The annual review, in Japanese, draws on the round.
  await japan.page.goto(`${base}/plans/${planId}/review?from=2025-04-02&to=2026-04-02&lang=ja`);
  const review = (await japan.page.locator('.review-round').textContent()) ?? '';
  assert.match(review, /進捗照会：Progress for the 2026 review（期限 2026年3月31日）/);
  assert.match(review, new RegExp(`回答済み（${metiCount + plCount}件）`));
  assert.match(review, new RegExp(`期限超過（${overdueN}件）`));
  assert.match(review, /照会なし（\d+件）/);
  assert.match(review, /経済産業省/);

  // 8. Poland's coordinator proposes an amendment: withdraw one commitment, add one.
  const plDesk = await person('en-GB');
  await signIn(plDesk.page, 'desk@msz.example.pl');
  await plDesk.page.goto(`${base}/plans/${planId}/amendments?lang=en`);
  const withdrawn = plDesk.page.locator('#p-withdraw option').nth(2);
  const withdrawnId = (await withdrawn.getAttribute('value'))!;
  const withdrawnText = (await opened.store.db.selectFrom('commitments').select('text').where('id', '=', withdrawnId).executeTakeFirstOrThrow()).text;
  await plDesk.page.getByLabel('Title', { exact: true }).fill('Space cooperation');
  await plDesk.page.getByLabel('Rationale').fill('Agreed at the consultations in Warsaw.');
  await plDesk.page.locator('#p-withdraw').selectOption([withdrawnId]);
  await plDesk.page.getByLabel('Commitments to add (one per line)').fill('The two sides will hold an annual space policy dialogue.');
  await plDesk.page.locator('#p-effective').fill('2026-05-01');
  await plDesk.page.locator('#p-instrument').fill('Note verbale of 2 April 2026');
  await plDesk.page.getByRole('button', { name: 'Propose amendment' }).click();
  await plDesk.page.getByText("The amendment was proposed; your side's consent is recorded with it.").waitFor();

  // 9. Japan consents, in writing.
  await japan.page.goto(`${base}/plans/${planId}/amendments?lang=en`);
  const proposal = japan.page.locator('section.amendment').first();
  await proposal.getByLabel('Written instrument (e.g. exchange of notes of 12 May 2026)').fill('Exchange of notes of 3 April 2026');
  await proposal.getByRole('button', { name: 'Send' }).click();
  await japan.page.getByText("Your side's consent was recorded.").waitFor();

  // 10. The plan as of a day before the amendment still shows the old text; after it, not; the redline shows both.
  await japan.page.goto(`${base}/plans/${planId}?as_of=2026-04-15&lang=en`);
  const beforeText = (await japan.page.locator('.outline').textContent()) ?? '';
  assert.ok(beforeText.includes(withdrawnText.slice(0, 60)), 'the withdrawn commitment is in the plan as it stood before');
  assert.doesNotMatch(beforeText, /annual space policy dialogue/);
  await japan.page.goto(`${base}/plans/${planId}?as_of=2026-05-02&lang=en`);
  const afterText = (await japan.page.locator('.outline').textContent()) ?? '';
  assert.match(afterText, /annual space policy dialogue/);
  assert.ok(!afterText.includes(withdrawnText.slice(0, 60)), 'the withdrawn commitment is gone after the amendment');
  await japan.page.goto(`${base}/plans/${planId}/redline?lang=en`);
  assert.ok(((await japan.page.locator('.redline del').allTextContents()).join(' ')).includes(withdrawnText.slice(0, 40)));
  assert.match((await japan.page.locator('.redline ins').allTextContents()).join(' '), /annual space policy dialogue/);

  for (const p of [japan, meti, poland, plDesk]) await p.context.close();
});
