// Unit tests for the entity and metadata extractors on small synthetic texts: one rule per test,
// each of which fails without the behaviour it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVocabulary, type Vocabulary } from '../../src/vocab/index.js';
import { findMetadata, findTitle } from '../../src/extract/metadata.js';
import { buildTree } from '../../src/tree/index.js';
import { findOrganizations } from '../../src/extract/organizations.js';
import { findInstruments, ownPartnership } from '../../src/extract/instruments.js';
import { findMechanisms } from '../../src/extract/mechanisms.js';
import { findProvisions } from '../../src/extract/provisions.js';
import { compileVocabulary } from '../../src/extract/gazetteer.js';
import { emptyTree } from './entities-helpers.js';

const vocab = loadVocabulary('');
const orgs = (text: string, parties = ['JP', 'PL'], v: Vocabulary = vocab) =>
  findOrganizations(text, emptyTree(text), v, parties).map((o) => `${o.party}|${o.name}|${o.acronym ?? ''}`);
const instruments = (text: string) => findInstruments(text, emptyTree(text)).map((i) => `${i.kind}|${i.title}|${i.date ?? ''}`);
const mechanisms = (text: string) => findMechanisms(text, emptyTree(text)).map((m) => `${m.name}|${m.cadence}`);
const metadata = (text: string) => findMetadata(text, buildTree({ text }, vocab.cues), vocab);

// --- metadata ---------------------------------------------------------------------------------

test('metadata: a title over several lines is folded, Markdown stripped, and a prose opening is no title', () => {
  assert.equal(findTitle('**Action Plan\nbetween\nthe Government of Japan\nand\nthe Government of Ruritania**\n\nText.')?.title,
    'Action Plan between the Government of Japan and the Government of Ruritania');
  assert.equal(findTitle('# Japan-Spain Roadmap (2025-2030)\n\nBody')?.title, 'Japan-Spain Roadmap (2025-2030)');
  assert.equal(findTitle('Joint Working Plan\n\nof the\n\nMinistry of Finance of Japan\n\nThe ministries will cooperate.')?.title,
    'Joint Working Plan of the Ministry of Finance of Japan');
  assert.equal(findTitle('The Agreement between Japan and Chile was signed on 1 May 2001, as a framework.'), null);
});

test('metadata: kind from title words, parties from the title, territories of a party folded in', () => {
  const m = metadata('Japan-Sweden Work Programme 2024-2026\n\nJapan and Sweden will cooperate with Greenland.');
  assert.equal(m.kind, 'work_programme');
  assert.deepEqual(m.parties, ['JP', 'SE']);
  assert.deepEqual([m.period.start, m.period.end], ['2024', '2026']);
  assert.deepEqual(metadata('Joint Statement of Japan and the Kingdom of Denmark and Greenland\n\nText.').parties, ['DK', 'JP']);
  // Partners beyond the corpora's: Pacific, Central Asian, African, Latin American states.
  assert.deepEqual(metadata('Joint Statement between Japan and the Republic of Palau\n\nText.').parties, ['JP', 'PW']);
  assert.deepEqual(metadata('Joint Statement between the Kyrgyz Republic and the Republic of Colombia\n\nText.').parties, ['CO', 'KG']);
  assert.equal(metadata('Roadmap for Japan-Finland cooperation\n\nText').kind, 'roadmap');
  assert.equal(metadata('Joint Statement on the Roadmap for Japan-Finland Cooperation\n\nText').kind, 'joint_statement');
});

test('metadata: a statement without a title or governments takes the pair of parties it keeps naming together', () => {
  const opening = 'Today the two leaders met for the first time and discussed a wide range of issues of the day.\n\n';
  const text = `${opening}The U.S.-India partnership grows, and the United States and India will act. Japan was mentioned.`;
  assert.deepEqual(metadata(text).parties, ['IN', 'US']);
  assert.deepEqual(metadata(`${opening}The U.S.-India partnership grows.`).parties, []); // named together once only
});

test('metadata: a statement is placed where its leaders met; a text names its own kind; a link is no title', () => {
  const opening = 'Today the two leaders met for the first time and discussed a wide range of issues of the day.\n\n';
  assert.equal(metadata(`${opening}The President is honored to welcome President Ferdinand R. Marcos Jr. to Washington, DC. They met.`).signed.place, 'Washington, DC');
  assert.equal(metadata(`${opening}The leaders held their first official meeting yesterday in Washington, D.C., where they spoke.`).signed.place, 'Washington, D.C.');
  assert.equal(metadata(`${opening}This roadmap is intended to serve as a short-term mechanism.`).kind, 'roadmap');
  const signed = metadata(`${opening}Signed in Tokyo this 28th day of October, two thousand and twenty-five.`).signed;
  assert.deepEqual([signed.date, signed.place], ['2025-10-28', 'Tokyo']);
  assert.equal(metadata('*Read more about the partnership [here](https://example.org/p.pdf)*\n\nThe two sides will act.').title, null);
});

test('metadata: a title line run on into the body, after a bracketed note, or glued to paragraph 1 by a PDF', () => {
  assert.equal(metadata('Joint Statement on Deepening Relations between Ruritania and Japan\nH.E. Mr. Rudolf, President of Ruritania, made an official visit to Japan and held talks with the Prime Minister.\n(1) Political relations\nText.').title,
    'Joint Statement on Deepening Relations between Ruritania and Japan');
  const plan = metadata('(Provisional Translation)\n\nJapan-Poland Action Plan\n\n1. Political Dialogue\n\nThe two sides will meet.');
  assert.deepEqual([plan.title, plan.kind], ['Japan-Poland Action Plan', 'action_plan']);
  assert.equal(metadata('Joint Statement on Strategic Partnership between Japan and Poland 1. On the occasion of his visit, the Prime Minister of Japan met the President of Poland. 2. The two leaders reaffirmed their values.').title,
    'Joint Statement on Strategic Partnership between Japan and Poland');
  // A first line of prose that mentions a statement is no title.
  assert.equal(metadata('The two leaders issued a joint statement today and will meet again next year in Tokyo.\nMore text follows here.').title, null);
  assert.equal(metadata('Japan-Poland Joint Statementon the Strategic Partnership\n\nText.').kind, 'joint_statement');
});

test('metadata: a statement is dated and placed by the meeting it reports; a country, a weekday or a later meeting is no place', () => {
  const signed = (text: string) => { const s = metadata(text).signed; return [s.date, s.place]; };
  assert.deepEqual(signed('Joint Statement\n\n1. On 27 October 2009, the Ministers of Japan and Poland held the first Economic Dialogue.\n\n2. They will meet again.'), ['2009-10-27', null]);
  assert.deepEqual(signed('Joint Statement\n\nThe Ministers met on July 24, 2013, in Warsaw, and discussed energy.\n\nThey will meet again.'), ['2013-07-24', 'Warsaw']);
  assert.deepEqual(signed('Joint Statement\n\nOn the occasion of his visit to Poland on the 16th of October 2018, the Prime Minister of Japan met the President.'), ['2018-10-16', null]);
  // A visit over several days has no one date; a later meeting "will be held in" another city.
  assert.deepEqual(signed('Joint Statement\n\nThe President of Poland visited Japan on 11 – 14 May 2014 and held a summit meeting. Its second meeting will be held in Krakow next year.'), [null, null]);
  assert.deepEqual(signed('Joint Statement between Japan and Poland\n\nTuesday, September 27, 2011\n\nThe two leaders held talks.'), ['2011-09-27', null]);
  assert.deepEqual(signed('Joint Statement\n\nThe Prime Minister was pleased to meet the President again, as he did in March, and they held talks.'), [null, null]);
  assert.deepEqual(signed('Joint Statement between Japan and Poland\n2022/9/9\n1. The Prime Minister of Japan and the President of Poland held a meeting in Tokyo on 9 September 2022.\n2. They will act.\n3. More.\n4. More.\n5. More.\n6. More.\n7. More.\n8. More.\n9. More.'),
    ['2022-09-09', 'Tokyo']);
  // An action plan's date line right under its title.
  assert.deepEqual(signed('Action Plan between Japan and Poland\n\nDecember 29, 2009\n\n1. Dialogue\n\n- Hold an annual dialogue.\n- Hold a second dialogue.\n- Hold a third.\n- A fourth.\n- A fifth.\n- A sixth.\n- A seventh.\n- An eighth.'),
    ['2009-12-29', null]);
});

test('metadata: an untitled text in which the parties declare their views is a joint statement; a report of them is not', () => {
  const kindOf = (text: string) => metadata(text).kind;
  const statement = [
    'The United States and Ruritania recognize that the energy transition is a threat and an opportunity.',
    'The leaders reaffirm their commitment to open markets.',
    'Both countries will hold a ministerial dialogue every year.',
    'We welcome the progress of the joint task force on supply chains.',
  ].join(' ');
  assert.equal(kindOf(statement), 'joint_statement');
  // The same acts reported by one government: announced, not declared.
  const factSheet = [
    'Today, President Smith and Prime Minister Jones announced new steps on energy.',
    'The United States and Ruritania will hold a ministerial dialogue every year.',
    'The Department of Energy launched a joint task force on supply chains.',
    'The partnership builds on a decade of cooperation.',
  ].join(' ');
  assert.equal(kindOf(factSheet), 'other');
  // One view in a short text is no voice.
  assert.equal(kindOf('The leaders welcome the plan. Both countries will hold a dialogue every year.'), 'other');
});

test('metadata: an untitled text about an agreement is an agreement overview with its signing date and parties', () => {
  const m = metadata('The Agreement between the Government of Finland and the Government of Japan on Cooperation was signed on 4 March 2010, as a framework.\nMore text.');
  assert.equal(m.title, null);
  assert.equal(m.kind, 'agreement_overview');
  // An agreement signed long ago that a statement builds on: no overview, and its signing is not the statement's.
  const statement = metadata('The United States and Ruritania have agreed to a Framework for a new trade agreement. It builds on the Bilateral Trade Agreement signed in 2000.');
  assert.equal(statement.kind, 'other');
  assert.equal(statement.signed.date, null);
  assert.deepEqual(m.parties, ['FI', 'JP']);
  assert.equal(m.signed.date, '2010-03-04');
});

test('metadata: full dates of a duration clause beat the title years; a signing line gives date and place', () => {
  const m = metadata(
    'Action Plan between Japan and Spain for the years 2025-2029\n\n1. This Action Plan will commence on 1 March 2025, and end on 31 December 2029.\n\nDONE at Madrid, on 3 February 2025, in the English language.',
  );
  assert.deepEqual([m.period.start, m.period.end], ['2025-03-01', '2029-12-31']);
  assert.deepEqual([m.signed.date, m.signed.place], ['2025-02-03', 'Madrid']);
  const dated = metadata('Japan-Chile Action Plan (2024-2027)\n\nSome text.\n\n14th June 2024\n');
  assert.equal(dated.signed.date, '2024-06-14');
});

// --- organizations ----------------------------------------------------------------------------

test('organizations: gazetteer names with bracketed acronyms and parties, each body once with all mentions', () => {
  const text = 'Japan External Trade Organization (JETRO) and Polish Investment and Trade Agency (PAIH) will meet. JETRO will report.';
  assert.deepEqual(orgs(text), ['JP|Japan External Trade Organization|JETRO', 'PL|Polish Investment and Trade Agency|PAIH']);
  const [jetro] = findOrganizations(text, emptyTree(text), vocab, ['JP', 'PL']);
  assert.equal(jetro!.mentions.length, 2);
  assert.equal(text.slice(jetro!.span.start, jetro!.span.end), 'Japan External Trade Organization');
});

test('organizations: a minister named with the person in office is an office holder, not the ministry', () => {
  assert.deepEqual(orgs('The Minister for Foreign Affairs of Japan, Mr. Taro Yamada, and the Japanese Minister of Economy, Trade and Industry Hanako Suzuki met.'), []);
  assert.deepEqual(orgs('HE Mr Taro Yamada, Minister of Economy, Trade and Industry, welcomed the Ruritanian Minister for Trade, Senator the Hon Rudolf Rassendyll.', ['JP', 'AU']), []);
  assert.deepEqual(orgs('The Polish Minister for Fisheries and Forests HE Rudolf Rassendyll met the delegation.'), []);
  // The office itself, named without its holder, still stands for the ministry.
  assert.deepEqual(orgs('a Joint Statement between the Minister of Economy, Trade, and Industry of Japan and the Minister of Development of Poland'), [
    'JP|Ministry of Economy, Trade, and Industry|', 'PL|Ministry of Development|']);
});

test('organizations: "General" after a head is part of the name; gazetteer bodies of partner countries', () => {
  assert.deepEqual(orgs("a framework between Poland's Directorate General of Inland Fisheries and the ministry.", ['JP', 'PL']), ['PL|Directorate General of Inland Fisheries|']);
  assert.deepEqual(orgs('The Airports Authority of India will upgrade the runway.', ['IN', 'PL']), ['IN|Airports Authority of India|']);
});

test('organizations: a date on the line after a name is no part of it', () => {
  assert.deepEqual(orgs('Joint Statement between the Ruritanian Department of Energy and the Polish Ministry of Development\n\nJuly 24, 2013\n\nText.', ['PL', 'US']), [
    'US|Department of Energy|', 'PL|Ministry of Development|']);
});

test('organizations: a name broken over lines and a "Minister of" mention resolve to the ministry', () => {
  assert.deepEqual(orgs('Japan: Ministry of Land, Infrastructure,\n\nTransport and Tourism and the Minister of Economy, Trade, and Industry of Japan'), [
    'JP|Ministry of Land, Infrastructure, Transport and Tourism|',
    'JP|Ministry of Economy, Trade, and Industry|',
  ]);
});

test('organizations: party from "of <country>", adjectives, possessives and a country stated after a list', () => {
  const text = "between Ministry of Industry, Ministry of Culture and Sport, and Ministry of Science of the Republic of Ruritania and Spain's National Agency for Space Research and the Danish Coastal Authority";
  const v: Vocabulary = { ...vocab, parties: [...vocab.parties, { code: 'RR', names: ['Ruritania', 'Republic of Ruritania'], adjectives: ['Ruritanian'] }] };
  assert.deepEqual(orgs(text, ['JP', 'RR'], v), [
    'RR|Ministry of Industry|',
    'RR|Ministry of Culture and Sport|',
    'RR|Ministry of Science|',
    'ES|National Agency for Space Research|',
    'DK|Danish Coastal Authority|',
  ]);
});

test('organizations: unknown departments are discovered like ministries', () => {
  assert.deepEqual(orgs('the Department of Transportation of the Philippines and the Department of Energy of the Philippines', ['JP', 'PH']), [
    'PH|Department of Transportation|',
    'PH|Department of Energy|',
  ]);
});

test('organizations: a partners line assigns generic ministries to its party', () => {
  const text = 'Main partners\nFinland: Ministry of Foreign Affairs, Ministry of Justice.\nJapan: Ministry of Foreign Affairs, Cabinet Office\n';
  assert.deepEqual(orgs(text, ['FI', 'JP']), [
    'FI|Ministry of Foreign Affairs|',
    'FI|Ministry of Justice|',
    'JP|Ministry of Foreign Affairs|',
    'JP|Cabinet Office|',
  ]);
});

test('organizations: "ministries of X of the two countries" gives one body per party', () => {
  assert.deepEqual(orgs('dialogue between the Ministries of Foreign Affairs of the two countries', ['JP', 'NO']), [
    'JP|Ministry of Foreign Affairs|',
    'NO|Ministry of Foreign Affairs|',
  ]);
});

test('organizations: international bodies, governments and sub-units of another body are not organizations', () => {
  assert.deepEqual(orgs('the International Energy Agency, the Government of Japan, the UN and the Japan Foundation\'s Japan Cultural Institute in Rome', ['JP', 'IT']), [
    'JP|Japan Foundation|',
  ]);
});

test('organizations: embassies keep their place; acronym-only mentions count for known bodies', () => {
  assert.deepEqual(orgs('held by the Embassy of Poland in Japan; dialogue between MAFF and DVFA', ['JP', 'PL', 'DK']), [
    'PL|Embassy of Poland in Japan|',
    'JP|MAFF|MAFF',
    'DK|DVFA|DVFA',
  ]);
});

test('organizations: a name garbled by a table column is merged into the full body', () => {
  const text = 'Japan: Ministry of Health, Labour and Welfare.\n\nJapan: Cabinet Office, Ministry of Health, Labour and Objectives Gender equality';
  assert.deepEqual(orgs(text, ['JP', 'DK']), ['JP|Ministry of Health, Labour and Welfare|', 'JP|Cabinet Office|']);
});

test('organizations: KIZUNA_VOCAB-style extension entries are found and compiled once per vocabulary', () => {
  const extended: Vocabulary = { ...vocab, organizations: [...vocab.organizations, { id: 'kotra', party: 'KR', name: 'Korea Trade-Investment Promotion Agency', acronym: 'KOTRA' }] };
  assert.deepEqual(orgs('the Korea Trade-Investment Promotion Agency (KOTRA)', ['JP', 'KR'], extended), ['KR|Korea Trade-Investment Promotion Agency|KOTRA']);
  assert.equal(compileVocabulary(extended), compileVocabulary(extended));
});

test('organizations: names end before glued participles, another body, "and the" and office titles', () => {
  // Invented bodies: the name walkers decide, not the gazetteer.
  assert.deepEqual(orgs('the Indian Department of Oceans-led mission', ['IN', 'US']), ['IN|Department of Oceans|']);
  assert.deepEqual(orgs('between the ROK Ministry of Science and Culture and NASA in 2024', ['KR', 'US']), [
    'KR|Ministry of Science and Culture|',
    'US|NASA|NASA',
  ]);
  assert.deepEqual(orgs('the Indian Department of Oceans, the Scientific Advisor to the Minister', ['IN', 'US']), ['IN|Department of Oceans|']);
  assert.deepEqual(orgs('the U.S. National Institute of Weights and Measures (NIWM) and the Korean Agency for Sand and Gravel', ['KR', 'US']), [
    'US|U.S. National Institute of Weights and Measures|NIWM',
    'KR|Korean Agency for Sand and Gravel|',
  ]);
});

test('organizations: universities are not bodies; a known acronym merges another spelling of its body', () => {
  assert.deepEqual(orgs('with the Indian Institutes of Technology and Freedonia University', ['IN', 'US']), []);
  assert.deepEqual(orgs('financing by U.S. Development Finance Corporation (DFC). DFC and USAID will', ['IN', 'US']), [
    'US|U.S. Development Finance Corporation|DFC',
    'US|USAID|USAID',
  ]);
});

test('organizations: Japanese names are found by the gazetteer', () => {
  // Japanese documents are read from their tree (their own text, not page furniture).
  const text = '経済産業省と外務省は協力する。';
  const found = findOrganizations(text, buildTree({ text }), vocab, ['JP', 'DK']).map((o) => `${o.party}|${o.name}|${o.acronym ?? ''}`);
  assert.deepEqual(found, ['JP|経済産業省|', 'JP|外務省|']);
});

// --- instruments ------------------------------------------------------------------------------

test('instruments: kind, title with its complement, and the date near it', () => {
  assert.deepEqual(instruments('strengthening cooperation under the Memorandum of Cooperation on the peaceful uses of nuclear energy signed on 7th November 2024 between the ministries'), [
    'moc|Memorandum of Cooperation on the peaceful uses of nuclear energy|2024-11-07',
  ]);
  assert.deepEqual(instruments('Implement the Memorandum of Cooperation (MoC) in offshore wind energy, which was adopted in March 2022 between the ministries.'), [
    'moc|Memorandum of Cooperation (MoC) in offshore wind energy|2022-03',
  ]);
  assert.deepEqual(instruments('in the context of the Agreement between Japan and Chile on Cooperation in Science and Technology, signed in 1988, and more'), [
    'agreement|Agreement between Japan and Chile on Cooperation in Science and Technology|1988',
  ]);
});

test('instruments: a day of the month after "on" opens the date, not the complement; "the 21st Century" stays', () => {
  assert.deepEqual(instruments('Ministers welcomed the signing of the renewed Fisheries Cooperation Arrangement on 3 May 2019 in Strelsau.'),
    ['other|Fisheries Cooperation Arrangement|2019-05-03']);
  assert.deepEqual(instruments('The two sides signed the Ruritania-Freedonia Agreement on 21st Century Fisheries.'),
    ['agreement|Ruritania-Freedonia Agreement on 21st Century Fisheries|']);
});

test('instruments: a complement ends before "and" with a verb (the next act) or another instrument, not before "and" with a noun or a party', () => {
  assert.deepEqual(instruments('The ministries intend to conclude a new MOU between the Cancer Center of Utopia and the National Cancer Institute and discuss further collaboration.'), [
    'moc|new MOU between the Cancer Center of Utopia and the National Cancer Institute|',
  ]);
  assert.deepEqual(instruments('under the Agreement on Cooperation in Science and Technology and promote joint research'), [
    'agreement|Agreement on Cooperation in Science and Technology|',
  ]);
  assert.deepEqual(instruments('Both sides uphold the Agreement on Trade in Services and the Convention on Biological Diversity.'), [
    'agreement|Agreement on Trade in Services|',
    'agreement|Convention on Biological Diversity|',
  ]);
  assert.deepEqual(instruments('We endorse the Political Declaration on the Use of AI and Autonomy and the G7 Code of Conduct.'), [
    'joint_statement|Political Declaration on the Use of AI and Autonomy|',
    'other|G7 Code of Conduct|',
  ]);
  assert.deepEqual(instruments('under the Agreement between Japan and the Kingdom of Utopia on Social Security'), [
    'agreement|Agreement between Japan and the Kingdom of Utopia on Social Security|',
  ]);
});

test('instruments: a short name given in brackets, an anaphor after a glued list number and the own title line are no new instrument', () => {
  assert.deepEqual(instruments('Ruritania and Japan announced a Memorandum of Cooperation concerning Research in the Energy Sector. The Memorandum of Cooperation (MOC) was developed during the past year as a sign of commitment to cooperation with third countries.'), [
    'moc|Memorandum of Cooperation concerning Research in the Energy Sector|']);
  assert.deepEqual(instruments('The purpose of this Memorandum of Cooperation (hereafter referred to as \u2018this MoC\u2019) is to support collaboration on offshore wind deployment.'), []);
  assert.deepEqual(instruments('1. The Parties signed the Agreement between Japan and Ruritania on Trade. 2. We welcome it.\n3.This Agreement will encourage free flows of goods.'), [
    'agreement|Agreement between Japan and Ruritania on Trade|']);
  assert.deepEqual(instruments('1st Ruritania and Japan Economic Ministerial Dialogue\n\nJoint Statement\n\n1. The Ministers met.'), []);
  // "the following Joint Statement" is the text itself, whatever is said of it after.
  assert.deepEqual(instruments('The two Presidents issued the following Joint Statement with the aim of further deepening the relationship.'), []);
});

test('instruments: an implementing arrangement signed on a date, described up to its relative clause', () => {
  assert.deepEqual(instruments('Both sides noted the importance of the implementing arrangement signed May 3, 2013 which will enable cooperation on reactor research.'), [
    'agreement|implementing arrangement signed May 3, 2013|2013-05-03']);
});

test('instruments: titled references, statements, strategies and principles', () => {
  assert.deepEqual(instruments('Building on the G7 Leaders\' Statement on Economic Security of May 20, 2023, the UN Charter and the Paris Agreement.'), [
    "joint_statement|G7 Leaders' Statement on Economic Security|2023-05-20",
    'agreement|UN Charter|',
    'agreement|Paris Agreement|',
  ]);
  assert.deepEqual(instruments('as elaborated in the Panorama Strategy (2021–2027) and the IMO\'s strategy on the reduction of emissions from ships.'), [
    'strategy|Panorama Strategy (2021–2027)|',
    "strategy|IMO's strategy on the reduction of emissions",
  ].map((s) => (s.endsWith('emissions') ? `${s}|` : s)));
});

test('instruments: a programme is a text when concluded between parties or dated, not a project', () => {
  assert.deepEqual(instruments('We will implement the Cultural Exchange Programme signed in March 2023 by both ministries.'), [
    'other|Cultural Exchange Programme|2023-03',
  ]);
  assert.deepEqual(instruments('They will develop the Global Combat Air Programme (GCAP) together.'), []);
  assert.equal(instruments('Cooperate under the Individually Tailored Partnership Programme (ITPP) between Japan and NATO.').length, 1);
});

test('instruments: a partnership the parties hold with each other is no text they refer to; one with a third party is', () => {
  const text = 'The two sides will expand the Chile-Japan Green Hydrogen Partnership and support the Japan-EU Space Partnership.';
  const titles = (parties: string[]) => findInstruments(text, emptyTree(text), ownPartnership(vocab, parties)).map((i) => i.title);
  assert.deepEqual(titles(['CL', 'JP']), ['Japan-EU Space Partnership']);
  // In a document of other parties both are partnerships it refers to.
  assert.deepEqual(titles(['DE', 'JP']), ['Chile-Japan Green Hydrogen Partnership', 'Japan-EU Space Partnership']);
});

test('instruments: anaphora, quantified plurals, negations and the document itself are not instruments', () => {
  assert.deepEqual(instruments('Under the agreement, several agreements on research have been signed. The bilateral agreement helps.'), []);
  assert.deepEqual(instruments('This Action Plan does not constitute an international agreement. Operationalize the MoC.'), []);
  assert.deepEqual(instruments('Joint Statement Initiatives on E-Commerce continue.'), []);
});

test('instruments: a list of arrangements with years gives one instrument per item', () => {
  assert.deepEqual(instruments('in addition to existing Arrangements with Kitakyushu (2022), Moriya (2021) and Osaka (2011).'), [
    'other|Arrangement with Kitakyushu|2022',
    'other|Arrangement with Moriya|2021',
    'other|Arrangement with Osaka|2011',
  ]);
});

test('instruments: lower-case agreements need an indefinite article with a modifier or a complement', () => {
  assert.deepEqual(instruments('including the conclusion of a social security agreement;'), ['agreement|social security agreement|']);
  assert.deepEqual(instruments('Continue discussion for regionalization agreements between Japan and Chile covering fever.'), [
    'agreement|regionalization agreements between Japan and Chile covering fever|',
  ]);
});

// --- mechanisms -------------------------------------------------------------------------------

test('instruments: texts named without a kind word: laws, accords, pledges, outlooks, codes, an executive order', () => {
  assert.deepEqual(instruments('The parties note that the Chilean Green Hydrogen Act and the U.S. CHIPS and Science Act support investment.'), [
    'other|Chilean Green Hydrogen Act|',
    'other|U.S. CHIPS and Science Act|',
  ]);
  assert.deepEqual(instruments('Building on the Lima Accords, both sides joined the Global Cooling Pledge and the Pacific Islands Outlook on Ocean Health.'), [
    'agreement|Lima Accords|',
    'other|Global Cooling Pledge|',
    'other|Pacific Islands Outlook on Ocean Health|',
  ]);
  assert.deepEqual(instruments('Tariffs stay as set out in Executive Order 14999 of March 3, 2026, Adjusting Imports of Steel, as amended.'), [
    'other|Executive Order 14999 of March 3, 2026, Adjusting Imports of Steel|2026-03-03',
  ]);
  assert.deepEqual(instruments('They recalled that the 2016 Caribbean Arbitral Award is final and binding.'), ['other|2016 Caribbean Arbitral Award|2016']);
});

test('instruments: kind words alone, headings, prizes, links and commercial deals name no instrument', () => {
  assert.deepEqual(instruments('They uphold the Rule of Law and will update the roadmap. Chile joined the Act East Policy forum.'), []);
  assert.deepEqual(instruments('Partnering for Security: Strengthening our Alliance, Upholding International Law. The ministers met.'), []);
  assert.deepEqual(instruments('She received the Marie Curie Award for her work.'), []);
  assert.deepEqual(instruments('They [launched a partnership](https://example.gov/FACT-SHEET-Japan-Chile-Energy-Partnership.pdf) today.'), []);
  assert.deepEqual(instruments('Chilean firms signed ten memorandums of understanding with Japanese companies to buy copper.'), []);
  assert.deepEqual(instruments('He spoke at the North Atlantic Treaty Organization meeting.'), []);
});

test('instruments: one title with and without its parties; nothing after "for signature"; an opening date; a target year is no date', () => {
  assert.deepEqual(instruments('The sides will finalize the Agreement on Reciprocal Trade in Copper, prepare the Agreement for signature, and sign the Agreement on Reciprocal Trade in Copper between Chile and Japan.'), [
    'agreement|Agreement on Reciprocal Trade in Copper|',
  ]);
  assert.deepEqual(instruments('They recalled the 1961 Chile-Japan Friendship Treaty and the March 2022 Joint Statement of the Energy Council, and the 2050 Strategy for the Andes.'), [
    'agreement|1961 Chile-Japan Friendship Treaty|1961',
    'joint_statement|March 2022 Joint Statement of the Energy Council|2022-03',
    'strategy|2050 Strategy for the Andes|',
  ]);
  assert.deepEqual(instruments('Cooperate on Paris Agreement implementation and achievement of the 2030 targets.'), ['agreement|Paris Agreement|']);
  assert.deepEqual(instruments('They renewed the Chile-Japan Trade and Investment Framework Agreement (TIFA) and the Ocean Exploration Implementing Arrangement.'), [
    'agreement|Chile-Japan Trade and Investment Framework Agreement (TIFA)|',
    'agreement|Ocean Exploration Implementing Arrangement|',
  ]);
});

test("mechanisms: a pair's joint commission or ministerial council is the governments' own; a binational council is not", () => {
  assert.deepEqual(mechanisms('The Poland-Sweden Joint Commission on Fisheries will continue to focus on quotas.'),
    ['Poland-Sweden Joint Commission on Fisheries|unspecified']);
  assert.deepEqual(mechanisms('The Poland-Sweden Business Council will continue to focus on quotas.'), []);
});

test('mechanisms: a meeting or forum held on one date is an event; the next meeting of a body makes it regular', () => {
  assert.deepEqual(mechanisms('As a result of the Ruritania-Japan Summit Meeting held on March 27, 2005, the governments decided to cooperate.'), []);
  assert.deepEqual(mechanisms('A Ruritania-Japan Industry Forum on Decommissioning, held August 7 in Tokyo, highlighted expertise.'), []);
  assert.deepEqual(mechanisms('They convened the 4th Ruritania-Japan Economic Forum held on 7 August in Tokyo.'), ['Ruritania-Japan Economic Forum|regular']);
  assert.deepEqual(mechanisms('Both sides looked forward to holding the next meeting of the Ruritania-Japan Commission on Nuclear Cooperation as soon as possible.'), [
    'Ruritania-Japan Commission on Nuclear Cooperation|regular']);
});

test('mechanisms: a name never runs back over a sentence ending in a short word, a "2+2" format is one word, a plural heading is a part', () => {
  assert.deepEqual(mechanisms('The Ruritania-Japan Intergovernmental Committee on Trade, which is chaired by the Ministers, has held six meetings thus far. Active dialogue between the ministers of both countries has taken place.'), [
    'Ruritania-Japan Intergovernmental Committee on Trade|unspecified']);
  assert.deepEqual(mechanisms('  • Annual Senior Officials 2+2 dialogue\n  • Maritime Security Dialogue\n'), ['Annual Senior Officials 2+2 dialogue|annual', 'Maritime Security Dialogue|unspecified']);
  assert.deepEqual(mechanisms('2. Strategic Cooperation Mechanisms\n\n  • Annual Strategic dialogue at Foreign Minister-level\n'), ['Annual Strategic dialogue at Foreign Minister-level|annual']);
});

test('mechanisms: cadence from the words nearest each mechanism', () => {
  assert.deepEqual(mechanisms('- political consultations at the deputy foreign minister level once in two years; and\n- political consultations at the level of senior officials – once a year;'), [
    'political consultations at the deputy foreign minister level|biennial',
    'political consultations at the level of senior officials|annual',
  ]);
  assert.deepEqual(mechanisms('Institutionalize the mechanism as a yearly "Japan-Chile Strategic Dialogue", building on the Japan-Chile Vice Minister Consultations, which have been held consecutively since 2022.'), [
    'Japan-Chile Strategic Dialogue|annual',
    'Japan-Chile Vice Minister Consultations|regular',
  ]);
  assert.deepEqual(mechanisms('Conduct high-level meetings and consultations on a rotational basis.'), ['high-level meetings and consultations on a rotational basis|regular']);
  assert.deepEqual(mechanisms('Establish a Japan-Chile Joint Committee on Energy to meet twice a year.'), ['Japan-Chile Joint Committee on Energy|regular']);
});

test('mechanisms: mentions of one named mechanism merge; acronyms link "(PM) Dialogue" and "PM Dialogue"', () => {
  assert.deepEqual(mechanisms('(1) Politico-Military (PM) Dialogue\n- Establish a timeframe for regularly holding the PM Dialogue.'), ['Politico-Military (PM) Dialogue|regular']);
});

test('mechanisms: strengthened relations, event lists and dispute clauses are not mechanisms', () => {
  assert.deepEqual(mechanisms('Strengthen cooperation and dialogue aimed at reform. Explore possibilities to hold seminars, workshops and meetings attended by officials.'), []);
  assert.deepEqual(mechanisms('Any differences arising from the interpretation of this Action Plan will be resolved amicably through consultations between the Governments.'), []);
  assert.deepEqual(mechanisms('Strengthen political-level and working-level dialogue on climate policy.'), []);
});

test('mechanisms: bodies the parties set up or keep: groups, task forces, forums, a ministerial, a standing mechanism', () => {
  assert.deepEqual(mechanisms('The two sides will set up a Japan-Chile Energy Transition Steering Group chaired by the ministers.'), ['Japan-Chile Energy Transition Steering Group|unspecified']);
  assert.deepEqual(mechanisms('Both governments will convene a Forum on Maritime Safety and Port Security (FMSPS) co-chaired by the ministries.'), ['Forum on Maritime Safety and Port Security (FMSPS)|unspecified']);
  assert.deepEqual(mechanisms('We intend to launch several new bilateral task forces for hydrogen and ammonia.'), ['several new bilateral task forces|unspecified']);
  assert.deepEqual(mechanisms('The Participants decided to hold a bilateral Offshore Wind Ministerial within six months.'), ['Offshore Wind Ministerial|unspecified']);
  assert.deepEqual(mechanisms('They will resolve visa issues through a standing mechanism under the partnership.'), ['standing mechanism|unspecified']);
  assert.deepEqual(mechanisms('We are launching a Vice Minister for Foreign Affairs/Deputy Secretary of Commerce-level dialogue on supply chains.'), [
    'Vice Minister for Foreign Affairs/Deputy Secretary of Commerce-level dialogue on supply chains|unspecified',
  ]);
});

test('mechanisms: a working group or forum the parties newly set up is named by its remit', () => {
  assert.deepEqual(mechanisms('The ministers decided to set up a working group to review port security standards, including cyber threats.'), [
    'working group to review port security standards|unspecified',
  ]);
  assert.deepEqual(mechanisms('Both sides intend to launch a forum for exchanges between space agencies and universities; it will meet soon.'), [
    'forum for exchanges between space agencies and universities|unspecified',
  ]);
  assert.deepEqual(mechanisms('Officials spoke at a forum for investors. Japan chairs the working group on energy.'), []);
});

test('mechanisms: outside groups, associations, events and headings are not the parties\' mechanisms', () => {
  assert.deepEqual(mechanisms('The event was hosted by the Chile-Japan Business Council and the Visegrad Group.'), []);
  assert.deepEqual(mechanisms('They support the expansion of the Global Cross-Border Data Forum.'), []);
  assert.deepEqual(mechanisms('Noting a new joint task force of the association of universities.'), []);
  assert.deepEqual(mechanisms('2. Pricing Mechanisms: The Participants will work together.'), []);
  assert.deepEqual(mechanisms('The delegations discussed matters at Ministerial level.'), []);
  assert.deepEqual(mechanisms('The WHO convened a process to establish the interim mechanism.'), []);
});

test('mechanisms: a first or inaugural meeting is one of a series; a later short mention merges with the full name', () => {
  assert.deepEqual(mechanisms('The leaders plan to convene their first bilateral Ocean Science Dialogue next year.'), ['Ocean Science Dialogue|regular']);
  assert.deepEqual(mechanisms('The ministers chaired the inaugural Japan-Chile Advanced Materials and Quantum Technologies (AMQT) Dialogue. The Advanced Materials AMQT Dialogue will report to the leaders.'), [
    'Japan-Chile Advanced Materials and Quantum Technologies (AMQT) Dialogue|regular',
  ]);
  assert.deepEqual(mechanisms('The 3rd Japan-Chile Strategic Dialogue will meet annually.'), ['Japan-Chile Strategic Dialogue|annual']);
  // A numbered meeting of a body, an ordinal in words before its name, a month after it.
  assert.deepEqual(mechanisms('The two sides decided to hold the fourth meeting of the Ruritania-Japan Cooperation Committee in 2031.'), [
    'Ruritania-Japan Cooperation Committee|regular',
  ]);
  assert.deepEqual(mechanisms('The ministers met in Strelsau for the Eighth Ruritania-Japan 2+2 Ministerial Consultations.'), [
    'Ruritania-Japan 2+2 Ministerial Consultations|regular',
  ]);
  assert.deepEqual(mechanisms('They also decided to hold the first Ruritania-Japan Ocean Dialogue in December 2030.'), ['Ruritania-Japan Ocean Dialogue|regular']);
});

test('mechanisms: a review clause that names its channel is a mechanism', () => {
  assert.deepEqual(mechanisms('5.3. Implementation progress of this Action Plan will annually be assessed by the Governments through political consultation.'), [
    'annual assessment of implementation progress through political consultation|annual',
  ]);
});

// --- provisions -------------------------------------------------------------------------------

test('provisions: a roadmap or framework that gives rise to no rights, continues while…, may be discontinued', () => {
  const kinds = (text: string) => findProvisions(text, emptyTree(text)).map((p) => p.kind);
  assert.deepEqual(kinds('This roadmap is not intended to give rise to rights or obligations under domestic or international law.'), ['non_binding']);
  assert.deepEqual(kinds('Whereas, the Participants recognize that this Framework will continue as long as both work in good faith;'), ['duration']);
  assert.deepEqual(kinds('Either Participant may discontinue its participation in this Framework by written notification.'), ['duration']);
});

test('provisions: administrative clauses about the document, adjacent sentences of one kind joined', () => {
  const text = [
    '5.1. This Roadmap does not constitute an international agreement. Nothing in this Roadmap is regarded as creating legally binding rights.',
    '5.2. Any differences arising from the implementation of this Roadmap will be resolved amicably through consultations.',
    '5.3. This Roadmap may be modified at any time with the mutual written consent of the Governments.',
    '5.4. This Roadmap will commence on 1 March 2025.',
    'SIGNED in duplicate in Oslo, on 28 February 2025, in the English language.',
    'The parties will review cooperation in energy.',
  ].join('\n\n');
  const found = findProvisions(text, emptyTree(text));
  assert.deepEqual(found.map((p) => p.kind), ['non_binding', 'dispute_settlement', 'amendment', 'duration', 'language']);
  assert.equal(found[0]!.text, 'This Roadmap does not constitute an international agreement. Nothing in this Roadmap is regarded as creating legally binding rights.');
  for (const p of found) assert.equal(text.slice(p.span.start, p.span.end).replace(/\s+/g, ' ').trim(), p.text);
});
