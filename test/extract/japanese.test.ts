// Japanese extraction: the morphological judgement of predicates, the Japanese tree and commitments, on small
// examples written for these tests (spec/extraction.md, "Japanese texts").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJapaneseText, japaneseTokens, loadJapaneseAnalyzer } from '../../src/ja/analyzer.js';
import { judgePredicate, judgeStrength } from '../../src/ja/predicate.js';
import { buildTree } from '../../src/tree/index.js';
import { extractDocument } from '../../src/pipeline.js';
import { listSections } from '../../src/extract/sections.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import type { IngestedDocument } from '../../src/types.js';

const cues = loadVocabulary().japanese;

const doc = (text: string): IngestedDocument => ({
  name: 'test.txt',
  path: 'test.txt',
  mediaType: 'text/plain',
  sha256: '',
  byteLength: text.length,
  original: text,
  text,
  offsets: { toOriginal: (n: number) => n } as never,
  messages: [],
});

test('Japanese text is told from English and Chinese', () => {
  assert.equal(isJapaneseText('両国は経済協力を一層推進していく。定期協議を毎年開催する。'), true);
  assert.equal(isJapaneseText('Japan and Italy will hold the 外務省 dialogue annually and promote cooperation.'), false);
  assert.equal(isJapaneseText('双方同意加强经济合作，每年举行定期磋商。'), false);
});

test('the analyzer loads once, asynchronously, and gives offsets into the text', async () => {
  await Promise.all([loadJapaneseAnalyzer(), loadJapaneseAnalyzer()]);
  // A bracket run into a comma, '(土)、', is where kuromoji's own positions slip by one.
  for (const text of ['両国は\n定期協議を開催する。', '5月3日(土)、松本外務大臣は会談した。次に（日）、会談']) {
    for (const t of japaneseTokens(text)) assert.equal(text.slice(t.start, t.start + t.surface.length), t.surface);
  }
});

const verdicts: [string, string, string | null][] = [
  // [sentence, verdict, strength when it commits]
  ['両国は定期協議を毎年開催する。', 'commit', 'firm'],
  ['両国は経済協力を一層推進していく。', 'commit', 'intent'],
  ['両省は気候変動分野で協力していくことで合意した。', 'commit', 'intent'],
  ['双方は合同委員会の設置を決定した。', 'commit', 'firm'],
  ['両政府は研究者の交流に努める。', 'commit', 'intent'],
  ['双方は第三国での協力の可能性を検討する。', 'commit', 'exploratory'],
  ['両国は協力覚書の作成に取り組む。', 'commit', 'intent'],
  ['両者は人材育成で協力する意思を有する。', 'commit', 'intent'],
  ['両国は再生可能エネルギー分野の協力を強化していく考えである。', 'commit', 'intent'],
  ['両省は合同作業部会を来年開催する予定です。', 'commit', 'firm'],
  ['双方は次官級協議の開催で合意した。', 'commit', 'firm'],
  ['双方は地域情勢について認識で一致した。', 'view', null],
  ['両首脳は第三国に対し挑発行為の自制を求める。', 'view', null],
  ['両政府は協力を推進してまいります。', 'commit', 'intent'],
  ['両首脳は会談の成果を歓迎した。', 'view', null],
  ['両国は法の支配の重要性を強調した。', 'view', null],
  ['両大臣は共通の価値を再確認する。', 'view', null],
  ['双方は交流が一層拡大するよう希望する。', 'view', null],
  ['双方は緊密な連携が必要であると認識する。', 'view', null],
  ['両国は協力覚書に署名した。', 'none', null],
  ['両国の交流は近年活発化している。', 'none', null],
  ['両国関係はアジアのモデルとなる。', 'none', null],
  ['首脳会談の年次開催', 'noun', 'firm'],
  // A promise, and a stated will to act: "約束した", "…意向を表明した", "…との考えを表明した" (not "…であるとの考え").
  ['両大臣は、投資環境を改善することを約束した。', 'commit', 'intent'],
  ['両首脳は、連携を深めていくことを約した。', 'commit', 'intent'],
  ['双方は、両国間の対話を促進する意向を表明した。', 'commit', 'intent'],
  ['両首脳は、来年早期に外相協議を行うとの考えを表明した。', 'commit', 'firm'],
  ['両首脳は、地域の安定が重要であるとの考えを表明した。', 'view', null],
  // An outline ends on the verbal noun: it agrees or states a view as the verb would.
  ['両首脳は、次官級対話を通じて議論を深めることにコミット。', 'commit', 'intent'],
  ['両国首脳は次の点において、共同行動をとることで一致。', 'commit', 'intent'],
  ['ルリタニアとの経済関係の重要性を再確認。', 'view', null],
  ['共同研究の成果を歓迎。', 'view', null],
  // Reaching agreement on an act agrees to it; on a fact it is a view. A confirmed decision ("…こととする旨") commits.
  ['両国は、ルリタニアとの文化交流を拡大することにつき意見の一致を見た。', 'commit', 'intent'],
  ['双方は、協力の新たな機会が生まれていることにつき見解の一致を見た。', 'view', null],
  ['両首脳は、来年をルリタニア交流年として祝うこととする旨確認した。', 'commit', null],
  ['両首脳は、協力を継続することを確認した。', 'view', null],
  ['航路が開設されることに満足。', 'view', null],
  // A transcript's line wrap inside a predicate: "歓迎 する" is 歓迎する.
  ['両首脳は、交流の拡大を歓迎 する。', 'view', null],
  // Readiness to act (用意), held and then confirmed or stated, is a will to act; readiness for a state is not.
  ['双方は、フリードニアとの協議を定期的に行っていく用意があることを確認する。', 'commit', null],
  ['ルリタニア側は、専門家を派遣する用意がある旨表明。', 'commit', null],
  ['両政府は、共同研究を支援する用意がある。', 'commit', null],
  ['双方は、両国関係が良好である用意があることを確認する。', 'view', null],
  // Stating what follows is no act; agreeing on a view ("…必要があるとの認識で一致") is a view, whatever it is about.
  ['両首脳は、以下のとおり声明する。', 'view', null],
  ['双方は、貿易協力を強化していく必要があるとの認識で一致した。', 'view', null],
  // A standing resolve to act ("決意している") commits as "決意した" does; ongoing work ("取り組んでいる") does not.
  ['両国政府は、フリードニアの選挙を支援することを決意している。', 'commit', 'intent'],
  ['両国政府は、フリードニアの復興に取り組んでいる。', 'none', null],
];

for (const [sentence, verdict, strength] of verdicts) {
  test(`predicate: ${sentence} → ${verdict}${strength ? ` (${strength})` : ''}`, () => {
    const tokens = japaneseTokens(sentence);
    assert.equal(judgePredicate(tokens, cues).verdict, verdict);
    if (strength) assert.equal(judgeStrength(tokens, cues).strength, strength);
  });
}

test('a purpose clause does not decide the strength: …を実施し、…を深めるため、…を支援する', () => {
  const tokens = japaneseTokens('両政府は、定期的な対話を実施し、理解を深めるため、青少年の交流を支援する。');
  assert.equal(judgeStrength(tokens, cues).strength, 'intent');
  assert.equal(judgeStrength(japaneseTokens('両政府は、定期的な対話を実施する。'), cues).strength, 'firm');
});

const plan = [
  '[文書名] 日本国とルリタニア共和国との間の行動計画',
  'ホーム >> 外交政策 >> 欧州 |',
  '第1章 政治分野',
  '(1)両国は、外相間の定期協議を年1回開催する。',
  '(2)両国は、以下の分野における協力を推進する。',
  '  ・再生可能エネルギー',
  '  ・人材育成の強化',
  '第2章 経済分野',
  '1.貿易投資',
  '①両国は、ビジネス環境の改善に取り組む。',
  '②両国は、経済対話の新設を検討する。',
  '2.科学技術',
  '日本及びルリタニアは,',
  '●宇宙分野における共同研究',
  '●研究者交流事業',
  'について着実に実施していく。',
  '双方は、両国の研究機関の協力を歓迎した。',
  '',
].join('\n');

test('Japanese structure: headings, markers without a space, lead-ins, list predicates', () => {
  const extraction = extractDocument(doc(plan));
  const sections = listSections(buildTree(doc(plan))).map((s) => `${s.level}:${s.number ?? ''}:${s.title}`);
  assert.deepEqual(sections, ['1:第1章:政治分野', '1:第2章:経済分野', '2:1.:貿易投資', '2:2.:科学技術']);
  const got = extraction.commitments.map((c) => `${c.strength} ${c.text}${c.parentId ? ' ^' : ''}`);
  assert.deepEqual(got, [
    'firm 両国は、外相間の定期協議を年1回開催する。',
    'intent 両国は、以下の分野における協力を推進する。',
    'intent 再生可能エネルギー ^',
    'intent 人材育成の強化 ^',
    'intent 両国は、ビジネス環境の改善に取り組む。',
    'exploratory 両国は、経済対話の新設を検討する。',
    'intent 宇宙分野における共同研究',
    'firm 研究者交流事業',
  ]);
  assert.equal(extraction.metadata.title, '日本国とルリタニア共和国との間の行動計画');
  assert.equal(extraction.metadata.kind, 'action_plan');
});

test('short numbered lines next to each other are a list of items, not headings; a bracketed label is no section', () => {
  const text = [
    '【今後の行動】',
    '(1)議会間交流の支援',
    '(2)ルリタニア国別援助計画の改定',
    '(3)国連改革の実現に向けた協力',
    '両国は、次の行動計画に向けて協議を続けていく。',
    '(1)経済分野',
    '両国は、投資協定の交渉を開始する。',
    '',
  ].join('\n');
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.sections.map((s) => `${s.number} ${s.title}`), ['(1) 経済分野']);
  assert.deepEqual(extraction.commitments.map((c) => `${c.strength} ${c.text}`), [
    'intent 議会間交流の支援',
    'firm ルリタニア国別援助計画の改定',
    'intent 国連改革の実現に向けた協力',
    'intent 両国は、次の行動計画に向けて協議を続けていく。',
    'firm 両国は、投資協定の交渉を開始する。',
  ]);
});

test('Japanese titles: on the first line of a flattened transcript, over a bare kind line or a subtitle, never a link; a period with a minus sign', () => {
  const meta = (text: string) => extractDocument(doc(text)).metadata;
  const sentence = '両首脳は、両国関係を一層強化していくことを確認した。'.repeat(3);
  const flattened = meta(`(仮訳) ルリタニア共和国大統領の公式訪問に際しての 日本国とルリタニア共和国の共同声明 1.ルリタニア共和国の大統領は,2016年5月に訪日した。 2.${sentence}\n`);
  assert.equal(flattened.title, 'ルリタニア共和国大統領の公式訪問に際しての日本国とルリタニア共和国の共同声明');
  assert.equal(flattened.kind, 'joint_statement');
  const split = meta('(英語版はこちら)\n日ルリタニア外務・防衛閣僚協議\n共同発表 2024\n1.閣僚は、両国の協力を歓迎した。\n');
  assert.equal(split.title?.replace(/\s/g, ''), '日ルリタニア外務・防衛閣僚協議共同発表2024');
  assert.equal(split.kind, 'joint_statement');
  const subtitle = meta('フリードニア首相による共同声明\n~日フリードニア関係の新たな段階~(骨子)\n平成21年12月29日\n1. 関係の強化を再確認。\n');
  assert.equal(subtitle.title?.replace(/\s/g, ''), 'フリードニア首相による共同声明~日フリードニア関係の新たな段階~');
  const period = meta('[文書名] 日ルリタニアアクションプラン(2024−2027)\n両国は協力を推進する。\n').period;
  assert.deepEqual([period.start, period.end], ['2024', '2027']);
});

test('a cadence in the clause that modifies a mechanism\'s name is its cadence', () => {
  const text = '日本国とルリタニア共和国との間の行動計画\n両国政府は、引き続き、毎年開催される外相協議において進捗を確認する。\n両国は、重要な年次フォーラムである日ルリタニア交流委員会を支援する。\n';
  assert.deepEqual(extractDocument(doc(text)).mechanisms.map((m) => `${m.name}|${m.cadence}`), ['外相協議|annual', '日ルリタニア交流委員会|annual']);
});

test('a transcript flattened into one line is cut back where a bullet or a numbered part starts', () => {
  const views = '○両国の友好関係の発展を歓迎。'.repeat(30);
  const text = `ルリタニアとの共同コミュニケ(骨子) ${views} ※両首脳は次の点において、共同行動をとることで一致。 (1)政治分野 ○外相間の政策対話の継続 ○防衛当局間の交流の機会の探求 ○人的交流の推進に向けた協力。\n`;
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.sections.map((s) => `${s.number} ${s.title}`), ['(1) 政治分野']);
  assert.deepEqual(extraction.commitments.filter((c) => c.section).map((c) => c.text), ['外相間の政策対話の継続', '防衛当局間の交流の機会の探求', '人的交流の推進に向けた協力。']);
});

test('existing consultations and dialogue at various levels name no mechanism', () => {
  const text = '共同声明 双方は、既存の協議を活用し、様々なレベルにおける協議及び高いレベルの政治対話を行う。双方は、日ルリタニア経済合同委員会を開催する。\n';
  assert.deepEqual(extractDocument(doc(text)).mechanisms.map((m) => m.name), ['日ルリタニア経済合同委員会']);
});

test('a transcript\'s line wrap inside a mechanism\'s name keeps the name whole', () => {
  const text = '共同声明 両首脳は、2025年のできるだけ早い時期に第3回日ルリタニア外相間戦 略対話を行うとの考えを表明した。\n';
  assert.deepEqual(extractDocument(doc(text)).mechanisms.map((m) => m.name.replace(/\s/g, '')), ['日ルリタニア外相間戦略対話']);
});

test('a statement of views commits to nothing', () => {
  const text = '共同声明\n両首脳は、両国関係の発展を歓迎した。\n両首脳は、法の支配の重要性を強調した。\n双方は、地域の平和と安定に向けて緊密に連携していくことで一致した。\n';
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.commitments.map((c) => c.text), ['双方は、地域の平和と安定に向けて緊密に連携していくことで一致した。']);
});

test('an item cut off at the end of an excerpt is not a commitment', () => {
  const text = '行動計画\n(1)両国は、定期協議を開催する。\n(2)両国は、人的交流を拡大す';
  assert.deepEqual(extractDocument(doc(text)).commitments.map((c) => c.text), ['両国は、定期協議を開催する。']);
});

test('Japanese organizations: gazetteer names, a country before a ministry, both parties, forces; not furniture', () => {
  const text = [
    'ホーム >> 外務省 >> 欧州 |',
    '[出典] 経済産業省',
    '日本国とフランス共和国との間の行動計画',
    '(1)両国外務省間の定期協議を毎年開催する。',
    '(2)日本の防衛省とフランス国防省は、部隊間の交流を拡大する。',
    '(3)日本貿易振興機構(JETRO)は、在日米軍の関係者との対話を支援する。',
    '(4)関係省庁は、協力を強化する。',
    '',
  ].join('\n');
  const orgs = extractDocument(doc(text)).organizations.map((o) => `${o.party} ${o.name}${o.acronym ? ` (${o.acronym})` : ''}`);
  assert.deepEqual(orgs.sort(), ['FR 国防省', 'FR 外務省', 'JP 外務省', 'JP 日本貿易振興機構 (JETRO)', 'JP 防衛省', 'US 在日米軍'].sort());
});

test('Japanese instruments, mechanisms and provisions', () => {
  const text = [
    '日本国とルリタニア共和国との間の行動計画',
    '両国は、2019年4月に署名された日ルリタニア投資協定(BIT)及び「経済協力に関する協力覚書」を着実に実施する。',
    '(1)両国は、日ルリタニア外相会談を原則として年1回開催する。',
    '(2)両国は、両国外務省間の政策対話を定期的に行う。',
    '(3)両国は、第3回日ルリタニア合同委員会を開催する。',
    '本行動計画は、両国の外相会談の機会に見直される。',
    '',
  ].join('\n');
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.instruments.map((i) => `${i.kind}|${i.title}|${i.date ?? ''}`), [
    'agreement|日ルリタニア投資協定(BIT)|2019-04',
    'moc|経済協力に関する協力覚書|2019-04',
  ]);
  assert.deepEqual(extraction.mechanisms.map((m) => `${m.name}|${m.cadence}`), [
    '日ルリタニア外相会談|annual',
    '両国外務省間の政策対話|regular',
    '日ルリタニア合同委員会|unspecified',
    '両国の外相会談|unspecified', // a second name for the first: mentions are merged only when one name contains the other
  ]);
  assert.deepEqual(extraction.provisions.map((p) => `${p.kind}|${p.text}`), ['review|本行動計画は、両国の外相会談の機会に見直される。']);
});

test('Japanese metadata: title over a breadcrumb, parties from names and pairs, date line and place', () => {
  const text = [
    '外務省トップ > 会談・訪問 > 欧州',
    'ロッシ・イタリア外務次官の訪日',
    '令和6年5月14日',
    '5月14日、東京において、訪日中のマルコ・ロッシ・イタリア外務次官は日伊次官級協議に出席した。',
    '',
  ].join('\n');
  const m = extractDocument(doc(text)).metadata;
  assert.equal(m.title, 'ロッシ・イタリア外務次官の訪日');
  assert.deepEqual(m.parties, ['IT', 'JP']); // no China from "訪日中" (during a visit to Japan)
  assert.equal(m.signed.date, '2024-05-14');
  const statement = extractDocument(doc('日独外相共同声明 2018年7月25日\n両大臣は、2018年7月25日、ベルリンにおいて会談を行った。\n')).metadata;
  assert.deepEqual([statement.title, statement.kind, statement.parties, statement.signed.date, statement.signed.place], ['日独外相共同声明', 'joint_statement', ['DE', 'JP'], '2018-07-25', 'ベルリン']);
  assert.deepEqual(extractDocument(doc('チリエッリ副相とスペイン外相の会談\n両者は意見交換を行った。\n')).metadata.parties, ['ES', 'JP']);
});

test('a joint press announcement is a joint statement; a bracketed date line under the title gives the place in one word', () => {
  const text = '日本・ルリタニア首脳会談に際しての共同プレス発表\n(2026年4月2日 ストレルサウ)\n両首脳は、会談を行った。\n';
  const { metadata } = extractDocument(doc(text));
  assert.deepEqual([metadata.kind, metadata.signed.date, metadata.signed.place], ['joint_statement', '2026-04-02', 'ストレルサウ']);
});

test('full-width forms: period in the title, a closing date line with its place, a full-width acronym', () => {
  const text = '日本国とルリタニア共和国との間の行動計画（２０２５－２０２９）\n（１）両国は、日本貿易振興機構（ＪＥＴＲＯ）の事務所を開設する。\n\n令和７年３月１日、東京\n';
  const extraction = extractDocument(doc(text));
  assert.deepEqual([extraction.metadata.period.start, extraction.metadata.period.end], ['2025', '2029']);
  assert.deepEqual([extraction.metadata.signed.date, extraction.metadata.signed.place], ['2025-03-01', '東京']);
  assert.deepEqual(extraction.organizations.map((o) => `${o.name} ${o.acronym}`), ['日本貿易振興機構 JETRO']);
});

test('a transcript flattened into one line is cut back where numbered paragraphs and headings start', () => {
  const filler = '両国の協力は近年着実に拡大してきている。'.repeat(20);
  const text = `ルリタニアとの共同声明 2024年5月1日,東京 1.両首脳は会談を行った。${filler} 2.両首脳は成果を歓迎した。 Ⅰ.経済協力 3.両首脳は,投資協定の交渉を開始することで一致した。 4.両首脳は意見を交換した。\n`;
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.sections.map((s) => `${s.number} ${s.title}`), ['Ⅰ. 経済協力']);
  assert.deepEqual(extraction.commitments.map((c) => `${c.section} | ${c.text}`), ['経済協力 | 両首脳は,投資協定の交渉を開始することで一致した。']);
});

test('an outline cell of noun-ending sentences under a heading is a run of items; before any heading it is background', () => {
  const text = [
    '「日・ルリタニア行動計画」骨子',
    '両国の交流開始から10年が経過。',
    '(1)政治分野における協力',
    ' 地域情勢に関する局長級協議を新たに設置。中東和平のために協力。',
    '(2)経済分野における協力',
    ' 防災支援を継続。第3回合同委員会が開催されることを歓迎。',
    '',
  ].join('\n');
  assert.deepEqual(extractDocument(doc(text)).commitments.map((c) => c.text), [
    '地域情勢に関する局長級協議を新たに設置。',
    '中東和平のために協力。',
    '防災支援を継続。',
  ]);
});

test('a paragraph ending on a comma is a recital whose predicate comes later', () => {
  const text = [
    '日本国とルリタニア共和国との間の共同プログラム',
    'A大臣及びB大臣(以下「両大臣」という。)は、',
    '両国間の協力関係の重要性を認識し、',
    '両国の経済協力の強化を志向し、',
    '以下の方向に沿って、両国が協力を強化していくことで一致した。',
    '',
  ].join('\n\n');
  assert.deepEqual(extractDocument(doc(text)).commitments.map((c) => c.text), ['以下の方向に沿って、両国が協力を強化していくことで一致した。']);
});

test('a title wrapped before a particle is one title; a joint programme is a work programme', () => {
  const meta = (text: string) => extractDocument(doc(text)).metadata;
  const wrapped = meta('主な要人の来日日程\n\nルリタニア大統領の国賓訪日\nに際しての日・ルリタニア共同声明\n\n1. 両首脳は、協力を強化していくことで一致した。\n');
  assert.equal(wrapped.title?.replace(/\s/g, ''), 'ルリタニア大統領の国賓訪日に際しての日・ルリタニア共同声明');
  const programme = meta('主な要人の来日日程\n\n日本国とルリタニア共和国との間の\n貿易促進のための共同プログラム\n\n1. 両国は、貿易を促進する。\n');
  assert.equal(programme.title?.replace(/\s/g, ''), '日本国とルリタニア共和国との間の貿易促進のための共同プログラム');
  assert.equal(programme.kind, 'work_programme');
});

test('an outline runs a name into what is done with it; a meeting held every year (例年) is annual', () => {
  const text = [
    '日・ルリタニア共同声明(概要)',
    '1 二国間関係',
    '- 首脳間の頻繁な会合実施,外相戦略対話の例年開催の決定。',
    '- 漁業協力に関する共同声明発出を歓迎。',
    '- 原子力協力に係る二国間協定交渉の進捗に関心。',
    '',
  ].join('\n');
  const extraction = extractDocument(doc(text));
  assert.deepEqual(extraction.instruments.map((i) => `${i.kind}|${i.title}`), [
    'joint_statement|漁業協力に関する共同声明',
    'agreement|原子力協力に係る二国間協定',
  ]);
  assert.deepEqual(extraction.mechanisms.map((m) => `${m.name}|${m.cadence}`), ['外相戦略対話|annual']);
});

test('a line between dashes under the title is a subtitle, not a bulleted item', () => {
  const text = '日・ルリタニア共同声明\n\n-日本とルリタニアとの間の新時代のパートナーシップ-\n\n1. 両首脳は、政策対話を拡大することで一致した。\n- 定期協議の開催。\n';
  assert.deepEqual(extractDocument(doc(text)).commitments.map((c) => c.text), ['両首脳は、政策対話を拡大することで一致した。', '定期協議の開催。']);
});

test("a ministry's release on a memorandum: its title under the site's furniture and a category tag, the signing's date and place from the body", () => {
  const text = [
    '報道発表資料',
    '',
    'この記事を印刷',
    '令和8年3月12日',
    '  • 国際協力',
    '',
    '農林水産省とノルウェー漁業省が協力覚書を交換',
    '',
    '3月10日(現地時間同日)、ノルウェーのストレルサウにおいて、両大臣は、漁業協力に関する協力覚書の交換を行いました。',
    '',
    '連絡先',
    '代表:03-0000-0000',
    '',
  ].join('\n');
  const { metadata, sections } = extractDocument(doc(text));
  assert.deepEqual([metadata.title, metadata.kind, metadata.signed.date, metadata.signed.place], [
    '農林水産省とノルウェー漁業省が協力覚書を交換',
    'agreement_overview',
    '2026-03-10',
    'ストレルサウ',
  ]);
  assert.deepEqual(sections.map((s) => s.title), []);
  // A day without its year takes the year written in full elsewhere; a country before the city is no place.
  const release = [
    'チリ共和国との漁業分野における協力覚書の署名',
    '2月9日(月曜日)、チリ・ストレルサウにおいて、両大臣は協力覚書に署名しました。',
    '1.日時',
    '令和8年2月9日(月曜日)',
    '',
  ].join('\n');
  const signed = extractDocument(doc(release)).metadata;
  assert.deepEqual([signed.kind, signed.signed.date, signed.signed.place], ['agreement_overview', '2026-02-09', 'ストレルサウ']);
});

test('Central America and the Middle East are no China: "日・中米フォーラム"', () => {
  const m = extractDocument(doc('行動計画\n双方は、日・中米フォーラムを通じて政策対話を更に強化するよう努める。\n')).metadata;
  assert.equal(m.parties.includes('CN'), false);
});

test("a partner's ministry: after the country's long form, with katakana inside, or named bare in a text of Japan and one partner", () => {
  const text = [
    'ノルウェー王国漁業沿岸省との協力覚書の署名',
    '3月10日、農林水産省とノルウェー国グリーン海洋開発省は協力覚書に署名しました。',
    '総務省とデジタル行政省との間で、経産省も参加する作業部会を設置する。',
    '',
  ].join('\n');
  const orgs = extractDocument(doc(text)).organizations.map((o) => `${o.name} ${o.party}`);
  assert.deepEqual(orgs.sort(), ['グリーン海洋開発省 NO', 'デジタル行政省 NO', '農林水産省 JP', '漁業沿岸省 NO', '総務省 JP'].sort());
});

test('a bracketed definition\'s "。" ends no sentence; "a) …" items under a lead-in that commits', () => {
  const text = [
    '1 概要',
    '8月5日、ルリタニア大臣(以下「ルリ大臣」とします。)は、漁業協力に関する覚書に署名しました。',
    '2 交流',
    '両国は、次の活動を通じて上記の協力を強化し、支援します。',
    '  a) 両当事者が決定する日に開催される作業部会の設置',
    '  b) 専門家の相互派遣',
    '3 今後の方針',
    '両国は、引き続き協力を推進する。',
    '',
  ].join('\n');
  const texts = extractDocument(doc(text)).commitments.map((c) => c.text);
  assert.equal(texts.some((t) => t.includes('署名しました')), false);
  assert.ok(texts.includes('両当事者が決定する日に開催される作業部会の設置'));
  assert.ok(texts.includes('専門家の相互派遣'));
});

test('a footnote line under a paragraph ("※…を担当。") is no commitment', () => {
  const text = '1.概要\n両大臣は、農政対話を年1回開催することとする。\n※同大臣は、国際博覧会の運営委員会議長を担当する。\n2.その他\n両省は定期的に協議する。\n';
  const texts = extractDocument(doc(text)).commitments.map((c) => c.text);
  assert.equal(texts.some((t) => t.startsWith('※')), false);
  assert.ok(texts.some((t) => t.includes('農政対話')));
});

test('a statement is dated by the meeting it reports, not by a visit over several days; PDF text spaces a date line out', () => {
  const visit = [
    'ルリタニア共和国との共同声明',
    'ルリタニア共和国大統領は、2030年6月3日から7日まで日本を公式訪問した。',
    '両国首脳は、長年の友好関係を回顧した。',
    '6月5日に行われた首脳会談の中で、双方は、協力を一層強化していくことで一致した。',
    '',
  ].join('\n');
  assert.equal(extractDocument(doc(visit)).metadata.signed.date, '2030-06-05');
  const placed = '日本国とフリードニア共和国の共同声明\n1.フリードニア大統領は,2031年2月10日から13日まで訪日した。\n2.両首脳は,2031年2月11日に大阪で首脳会談を行った。\n';
  assert.deepEqual(Object.values(extractDocument(doc(placed)).metadata.signed).slice(0, 2), ['2031-02-11', '大阪']);
  const onlyVisit = 'ルリタニアとの共同声明\n大統領は、2030年6月3日から7日まで日本を訪問した。\n双方は、会談において協力を確認した。\n';
  assert.equal(extractDocument(doc(onlyVisit)).metadata.signed.date, null);
  const spaced = 'ルリタニアとの共同声明\n(2032 年 4 月 9 日、京都)\n両首脳は、会談を行った。\n';
  assert.deepEqual(Object.values(extractDocument(doc(spaced)).metadata.signed).slice(0, 2), ['2032-04-09', '京都']);
});

test('a title line ending on a phrase that modifies the next line goes on there; a bracket cut short is still a note', () => {
  const text = '平和と繁栄のための包括的パートナーシップに関する\n日本国とルリタニア共和国の共同声明\n両首脳は、会談を行った。\n';
  assert.equal(extractDocument(doc(text)).metadata.title, '平和と繁栄のための包括的パートナーシップに関する日本国とルリタニア共和国の共同声明');
  assert.equal(extractDocument(doc('日本・フリードニア共同声明(仮訳\n両首脳は、会談を行った。\n')).metadata.title, '日本・フリードニア共同声明');
});

test('no mechanism: a kind of talks, a region\'s forum, an anniversary meeting; a name stops at 等', () => {
  const text = [
    'ルリタニアとの共同声明',
    '双方は、両国間の政治対話及び政策協議を進めていくことで一致した。',
    '双方は、APEC=アジア太平洋経済協力フォーラム、アジア欧州会議の場で連携していく。',
    '双方は、来年開催される10周年記念首脳会合の成功に向け協力していく。',
    '双方は、外務省間定期協議等の種々のレベルの対話を活発に行っていく。',
    '',
  ].join('\n');
  assert.deepEqual(extractDocument(doc(text)).mechanisms.map((m) => m.name), ['外務省間定期協議']);
});
