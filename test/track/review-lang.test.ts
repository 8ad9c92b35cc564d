// The annual review in the reader's language: one model laid out from the app's catalog and written as HTML,
// Markdown and DOCX, in English and Japanese, with the update round it draws on (counts and a line per
// organization). Markdown is compared with golden files; the DOCX is opened with mammoth; `kizuna review`
// takes --lang, or the language of the POSIX locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import mammoth from 'mammoth';
import { buildPortfolio, buildReview, portfolioToHtml, portfolioToMarkdown, reviewToHtml, reviewToMarkdown, type ReviewModel } from '../../src/track/review.js';
import { reviewToDocx } from '../../src/track/review-docx.js';
import type { TrackedPlan } from '../../src/track/model.js';
import { expectGolden } from '../helpers/golden.js';
import { fixtures } from '../helpers/paths.js';
import { main } from '../../src/cli/main.js';
import { localeLang } from '../../src/cli/io.js';
import { openAppRegister } from '../../src/ops/open-register.js';
import { planStore } from '../../src/ops/plan-store.js';
import { makeExtraction } from '../store/fixture.js';
import { fixturePlans } from '../helpers/web-app.js';
import { migratedDataDir } from '../cli/cli-helpers.js';

const organizations = {
  meti: { id: 'JP:meti', name: 'Ministry of Economy, Trade and Industry', acronym: 'METI' },
  mext: { id: 'JP:mext', name: 'Ministry of Education, Culture, Sports, Science and Technology', acronym: 'MEXT' },
  science: { id: 'PL:mnisw', name: 'Ministry of Science and Higher Education', acronym: null },
};

/** A small plan with progress, a meeting, a missed mechanism, an instrument, and a round with three organizations. */
function reviewWithRound(): ReviewModel {
  const plan: TrackedPlan = {
    id: 'jp-pl',
    title: 'Action Plan between Japan and Poland 2025-2029',
    parties: ['JP', 'PL'],
    period: { start: '2025', end: '2029' },
    commitments: [
      { id: 'c1', text: 'The two sides will hold an annual energy policy dialogue on nuclear power and hydrogen.', section: 'Energy', strength: 'firm', parentId: null, status: 'ongoing', updates: [{ id: 'u1', commitmentId: 'c1', status: 'ongoing', date: '2026-03-02', note: 'First dialogue held in Warsaw | with <METI>', evidence: [], author: 'meti@meti.example.jp', recordedAt: '2026-03-02T10:00:00Z' }] },
      { id: 'c2', text: 'The two sides will promote exchanges between universities and students.', section: 'Education', strength: 'intent', parentId: null, status: 'not_started', updates: [] },
      { id: 'c3', text: 'The two sides will cooperate in cyber security and countering disinformation.', section: null, strength: 'intent', parentId: null, status: 'not_started', updates: [] },
    ],
    mechanisms: [
      { id: 'm1', name: 'Energy policy dialogue', cadence: 'annual', meetings: [{ id: 'mt1', mechanismId: 'm1', date: '2026-03-02', place: 'Warsaw', level: 'director-general', outcome: 'Roadmap agreed' }] },
      { id: 'm2', name: 'Strategic dialogue', cadence: 'annual', meetings: [] },
    ],
    instruments: [{ id: 'i1', kind: 'agreement', title: 'Agreement on Social Security', date: '2026-02-10' }],
  };
  const review = buildReview(plan, { from: '2025-04-01', to: '2026-04-02' });
  return {
    ...review,
    round: {
      id: 'jp-pl:r1',
      title: 'Progress for the 2026 review',
      dueDate: '2026-03-31',
      asked: 3,
      answered: [{ commitmentId: 'c1', text: plan.commitments[0]!.text, organization: organizations.meti, state: 'accepted' }],
      overdue: [
        { commitmentId: 'c2', text: plan.commitments[1]!.text, organization: organizations.mext, state: 'not_answered' },
        { commitmentId: 'c2', text: plan.commitments[1]!.text, organization: organizations.science, state: 'draft' },
      ],
      notRequested: [{ id: 'c3', text: plan.commitments[2]!.text }],
      organizations: [
        { ...organizations.meti, side: 'JP', total: 1, answered: 1, accepted: 1, overdue: 0 },
        { ...organizations.mext, side: 'JP', total: 1, answered: 0, accepted: 0, overdue: 1 },
        { ...organizations.science, side: 'PL', total: 1, answered: 0, accepted: 0, overdue: 1 },
      ],
    },
  };
}

test('Markdown in English and Japanese, with the round: golden files', () => {
  const review = reviewWithRound();
  const en = reviewToMarkdown(review, 'en');
  const ja = reviewToMarkdown(review, 'ja');
  expectGolden(`${fixtures}review/review.en.md`, en);
  expectGolden(`${fixtures}review/review.ja.md`, ja);
  // What the goldens must hold, said here too so a careless UPDATE=1 cannot bless a wrong one.
  assert.match(en, /^## Update round: Progress for the 2026 review \(due 31 March 2026\)$/m);
  assert.match(en, /^1 of 3 requests answered, 2 overdue; 1 commitments not requested\.$/m);
  assert.match(en, /^\| Ministry of Economy, Trade and Industry \(METI\) \| Japan \| 1 \| 1 \| 1 \| 0 \|$/m);
  assert.match(ja, /^## 進捗照会：Progress for the 2026 review（期限 2026年3月31日）$/m);
  assert.match(ja, /^\| 経済産業省 \(METI\) \| 日本 \| 1 \| 1 \| 1 \| 0 \|$/m);
  assert.match(ja, /^### 期限超過（2件）$/m);
  assert.match(ja, /^### 照会なし（1件）$/m);
  assert.match(ja, /（無題の節）/, 'a commitment outside any section is shown under the catalog’s name for it');
  assert.doesNotMatch(ja, /Update round|Overdue|Meetings held|Not started/, 'no English heading or label in the Japanese review');
  assert.match(en, /First dialogue held in Warsaw \\\| with \\<METI\\>/, 'document text is escaped');
});

test('HTML in the reader’s language, escaped, with the per-organization table', () => {
  const html = reviewToHtml(reviewWithRound(), 'ja');
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /<h1>年次レビュー：Action Plan between Japan and Poland 2025-2029<\/h1>/);
  assert.match(html, /<td>経済産業省 \(METI\)<\/td><td>日本<\/td><td class="n">1<\/td>/);
  assert.match(html, /<title>未着手: 2<\/title>/, 'the chart speaks the reader’s language too');
  assert.match(html, /with &lt;METI&gt;/);
  assert.ok(!html.includes('<METI>'));
  assert.match(reviewToHtml(reviewWithRound()), /<html lang="en">[\s\S]*<h3>Overdue \(2\)<\/h3>/);
});

test('DOCX in Japanese opens (mammoth) and holds the Japanese review with the round', async () => {
  const ja = await reviewToDocx(reviewWithRound(), 'ja');
  const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(ja) });
  for (const expected of ['年次レビュー：Action Plan between Japan and Poland 2025-2029', '分野別の進捗', '進捗照会：Progress for the 2026 review（期限 2026年3月31日）', '照会3件のうち回答済み1件、期限超過2件。', '経済産業省 (METI)', '期限超過（2件）', '未着手']) {
    assert.ok(text.includes(expected), `the Japanese DOCX has "${expected}"`);
  }
  assert.doesNotMatch(text, /Annual review|Update round/);
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(ja) });
  assert.match(html, /<h2>進捗照会：/, 'headings are Word headings');
  assert.match(html, /<table>[\s\S]*経済産業省/, 'the organizations are a table');
  const en = (await mammoth.extractRawText({ buffer: Buffer.from(await reviewToDocx(reviewWithRound(), 'en')) })).value;
  assert.ok(en.includes('Update round: Progress for the 2026 review (due 31 March 2026)'));
  assert.doesNotMatch(en, /年次レビュー/);
});

test('the portfolio report in either language, from the same layout', () => {
  const review = reviewWithRound();
  const plan = { id: 'jp-pl', title: review.plan.title, parties: review.plan.parties, period: review.plan.period, commitments: [], mechanisms: [], instruments: [] };
  const rows = buildPortfolio([plan], { from: '2025-04-01', to: '2026-04-02' });
  const ja = portfolioToMarkdown(rows, { from: '2025-04-01', to: '2026-04-02' }, 'ja');
  assert.match(ja, /^# ポートフォリオ報告 2025年4月1日～2026年4月2日$/m);
  assert.match(ja, /^## フォローアップ$/m);
  assert.match(ja, /^\| 日本–ポーランド: Action Plan between Japan and Poland 2025-2029 \| 0 \| 0 \| 0 \| 0 \|$/m);
  assert.match(portfolioToHtml(rows, { from: '2025-04-01', to: '2026-04-02' }, 'ja'), /<html lang="ja">[\s\S]*<h2>計画別の実施状況<\/h2>/);
  assert.match(portfolioToMarkdown(rows, { from: '2025-04-01', to: '2026-04-02' }), /^# Portfolio report 1 April 2025 to 2 April 2026$/m);
});

test('kizuna review --lang ja, or the locale, writes the review in Japanese', async () => {
  assert.equal(localeLang({ LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(localeLang({ LC_ALL: 'en_GB.UTF-8', LANG: 'ja_JP.UTF-8' }), 'en', 'LC_ALL wins');
  assert.equal(localeLang({ LC_MESSAGES: 'ja' }), 'ja');
  assert.equal(localeLang({ LANG: 'C.UTF-8' }), 'en');
  assert.equal(localeLang({}), 'en');
  const work = mkdtempSync(`${tmpdir()}/kizuna-review-lang-`);
  try {
    const data = await migratedDataDir(`${work}/data`);
    const opened = await openAppRegister({ data, env: {} });
    let planId = '';
    try {
      const { extraction, bytes } = makeExtraction(fixturePlans.find((p) => p.parties.includes('PL'))!);
      planId = (await planStore(opened.store, extraction, bytes, { actor: 'test' })).planId;
    } finally {
      await opened.close();
    }
    const run = async (env: Record<string, string>, ...argv: string[]) => {
      let err = '';
      const code = await main(['review', planId, '--from', '2025-06-02', '--to', '2026-06-01', '--data', data, ...argv], { out: () => {}, err: (t) => void (err += t), isTty: false, env: { HOME: work, ...env }, cwd: work });
      assert.equal(code, 0, err);
    };
    await run({}, '--format', 'md', '--lang', 'ja', '--out', 'ja.md');
    assert.match(readFileSync(`${work}/ja.md`, 'utf8'), /^# 年次レビュー：Action Plan between Japan and Poland 2025-2029$/m);
    await run({ LANG: 'ja_JP.UTF-8' }, '--format', 'docx', '--out', 'ja.docx');
    assert.match((await mammoth.extractRawText({ path: `${work}/ja.docx` })).value, /更新のないコミットメント（3件）/);
    await run({ LANG: 'ja_JP.UTF-8' }, '--format', 'html', '--lang', 'en', '--out', 'en.html');
    assert.match(readFileSync(`${work}/en.html`, 'utf8'), /<html lang="en">[\s\S]*Commitments without any update \(3\)/);
    let err = '';
    assert.equal(await main(['review', planId, '--lang', 'pl', '--out', 'x', '--data', data], { out: () => {}, err: (t) => void (err += t), isTty: false, env: { HOME: work }, cwd: work }), 2);
    assert.match(err, /--lang is en or ja/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
