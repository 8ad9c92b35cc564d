// How the linker reads a readout before scoring, on small hand-made candidates: acronyms inside Japanese
// text, one side's remark against a joint step, a noun meeting its verb, lead-ins, label lines, one clause of
// a long commitment, an acronym counted once, a title's portfolio (English and Japanese) and the ministry it
// names, the body's sentence shown for a title, "Talks" in a name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkIndex, type LinkCandidate } from '../../src/track/link.js';
import { linkVocabulary } from '../../src/ops/tracking-link.js';
import { EventReader } from '../../src/track/event.js';
import { terms } from '../../src/track/tokenize.js';

const candidate = (id: string, text: string, kind: LinkCandidate['kind'] = 'commitment'): LinkCandidate => ({ id, kind, planId: 'pl', parties: ['JP', 'PL'], text });
const candidates = [
  candidate('nato', 'developing the partnership and cooperation with NATO, including under the Individually Tailored Partnership Programme (ITPP)'),
  candidate('lead', 'deepen dialogue on national security and defense cooperation by:'),
  candidate('hydrogen', 'promoting joint research on hydrogen energy and fuel cells'),
  candidate('ukraine', "firmly opposing Russia's full-scale military aggression against Ukraine, condemning the increasing military cooperation of the aggressor with its supporters, including the export of ballistic missiles and the deployment of troops in violation of Security Council resolutions; continuing Japanese-Polish cooperation on multidimensional support for Ukraine"),
  // the same words with no clause marks: only the whole counts
  candidate('ukraine-flat', "firmly opposing Russia's full-scale military aggression against Ukraine, condemning the increasing military cooperation of the aggressor with its supporters, and the export of ballistic missiles and the deployment of troops in violation of Security Council resolutions, continuing Japanese-Polish cooperation on multidimensional support for Ukraine"),
  candidate('ministry', 'dialogue between the senior officials of ministries of defense', 'mechanism'),
  candidate('water', 'exchanging experience on water management and flood prevention'),
  // another partnership, so that Poland is a partner the register tells apart, not a party of every plan
  { ...candidate('dk', 'cooperation on offshore wind energy'), planId: 'dk', parties: ['JP', 'DK'] },
];
const index = new LinkIndex(candidates, linkVocabulary());
const all = (text: string) => {
  const { proposals, nextBest } = index.link(text, { date: '2026-03-01' });
  return [...proposals, ...nextBest];
};
const scoreOf = (text: string, id: string) => all(text).find((p) => p.candidateId === id)?.score ?? 0;

test('an acronym run into Japanese text is still read: NATOを通じた協力', () => {
  const hit = all('日本とポーランドは、NATOを通じた協力を含むパートナーシップを推進することで一致しました。').find((p) => p.candidateId === 'nato');
  assert.ok(hit?.matched.includes('#=NATO'), JSON.stringify(hit?.matched));
});

test("one side's remark weighs less than a joint step; a remark announcing aid given does not", () => {
  const joint = scoreOf('Japan and Poland agreed to launch joint research on hydrogen energy and fuel cells.', 'hydrogen');
  const remark = scoreOf('Prime Minister Kishida stated that joint research on hydrogen energy and fuel cells is important.', 'hydrogen');
  assert.ok(joint > 0 && remark < joint, `joint ${joint}, remark ${remark}`);
  const views = scoreOf('The two sides exchanged views on joint research on hydrogen energy and fuel cells.', 'hydrogen');
  assert.ok(views < joint, `views ${views}, joint ${joint}`);
  const aid = scoreOf('He stated that Japan decided to provide support for Ukraine through continuing Japanese-Polish cooperation.', 'ukraine');
  const said = scoreOf('He stated that he values continuing Japanese-Polish cooperation on support for Ukraine.', 'ukraine');
  assert.ok(aid > said, `aid ${aid}, said ${said}`);
});

test('a lead-in ending in a colon is never proposed: its items are', () => {
  assert.ok(!all('Japan and Poland held a dialogue on national security and defense cooperation.').some((p) => p.candidateId === 'lead'));
});

test('a bare label line (a ministry name, a room) is no evidence', () => {
  assert.deepEqual(all('防衛省\n厚生労働大臣政務官室(東京都)'), []);
});

test('one clause of a long commitment reported in one sentence counts more than the same words unparted', () => {
  const text = 'Japan and Poland confirmed continuing Japanese-Polish cooperation on multidimensional support for Ukraine.';
  const parted = scoreOf(text, 'ukraine');
  const flat = scoreOf(text, 'ukraine-flat');
  assert.ok(parted > flat * 1.2, `parted ${parted}, flat ${flat}`);
});

test('an acronym and its word are one term: NATO counts once', () => {
  const hit = all('Japan and Poland agreed to deepen cooperation with NATO.').find((p) => p.candidateId === 'nato');
  assert.ok(hit?.matched.includes('#=NATO') && !hit.matched.includes('nato'), JSON.stringify(hit?.matched));
});

test('a Japanese lexicon word after a bracket run into a comma is still read: (土)、…覚書', () => {
  assert.ok(terms('4月29日(土)、松本総務大臣は協力覚書に署名しました。').includes('memorandum'));
});

test('a noun in -sion/-tion meets its verb (promotion, promote); other -ion words keep theirs (region, opinion)', () => {
  assert.deepEqual(terms('promotion protection connection'), terms('promote protect connect'));
  assert.deepEqual(terms('region opinion union'), ['region', 'opinion', 'union']);
});

test("a minister's portfolio is part of the title, not a topic: Minister of Foreign Affairs and International Cooperation", () => {
  const sentence = 'Minister Iwaya met with Mr. Tajani, Minister of Foreign Affairs and International Cooperation of the Italian Republic, in Tokyo.';
  const { titles } = new EventReader().read(sentence);
  const blanked = titles.reduce((t, s) => t.slice(0, s.start) + ' '.repeat(s.end - s.start) + t.slice(s.end), sentence);
  assert.doesNotMatch(blanked, /Foreign|International|Cooperation|Italian/);
  assert.match(blanked, /Tokyo/);
});

test("a Japanese minister's portfolio is part of the title, not a topic; a title running on into a meeting is not a person's", () => {
  const reader = new EventReader();
  const sentence = '吉田厚生労働大臣政務官は、ポーランド国防副大臣と会談を行いました。';
  const { titles, portfolios } = reader.read(sentence);
  const blanked = titles.reduce((t, s) => t.slice(0, s.start) + ' '.repeat(s.end - s.start) + t.slice(s.end), sentence);
  assert.doesNotMatch(blanked, /厚生|労働|国防/);
  assert.match(blanked, /会談/);
  assert.deepEqual(portfolios, ['吉田厚生労働', 'ポーランド国防']);
  // 防衛大臣会合 is a meeting of defence ministers: its topic stays
  assert.deepEqual(reader.read('日・ポーランド防衛大臣会合を開催しました。').portfolios, []);
});

test('the ministry a minister heads is actor evidence, of the country the title names, else of the home side', () => {
  const plan = (id: string, text: string): LinkCandidate => ({ ...candidate(id, text), planId: 'p2' });
  const small = new LinkIndex(
    [
      plan('health', 'exchange knowledge on health policy between the Ministry of Health, Labour and Welfare and the Polish Ministry of Health'),
      plan('foreign', 'regular consultations between the Ministry of Foreign Affairs of Japan and the Ministry of Foreign Affairs of Poland'),
      plan('defence', 'joint research on defence equipment'),
      plan('wind', 'cooperation on offshore wind energy'),
      { ...plan('dk', 'cooperation on offshore wind energy'), planId: 'dk', parties: ['JP', 'DK'] },
    ],
    linkVocabulary(),
  );
  const hit = (text: string, id: string) => {
    const { proposals, nextBest } = small.link(text, { date: '2026-03-01' });
    return [...proposals, ...nextBest].find((p) => p.candidateId === id);
  };
  // 厚生労働 (大臣政務官) is the Ministry of Health, Labour and Welfare: one name, counted once, not also its words
  const health = hit('吉田厚生労働大臣政務官は、ポーランドの保健政策について意見交換を行いました。', 'health');
  assert.ok(health?.matched.includes('#JP:mhlw') && !health.matched.includes('welfar'), JSON.stringify(health?.matched));
  // the Polish minister heads Poland's ministry, not Japan's of the same English name
  const foreign = hit('Minister Iwaya held consultations with Mr. Sikorski, Minister of Foreign Affairs of the Republic of Poland, in Tokyo.', 'foreign');
  assert.ok(foreign?.matched.includes('#PL:msz') && !foreign.matched.includes('#JP:mofa'), JSON.stringify(foreign?.matched));
});

test("a title restates the body: the body's sentence is shown as the evidence", () => {
  const title = 'Japan-Poland joint research on hydrogen energy';
  const text = `${title}\nThe two ministers met in Warsaw on 3 March for the second time this year.\nThey agreed to launch joint research on hydrogen energy and fuel cells in 2026.`;
  const hit = all(text).find((p) => p.candidateId === 'hydrogen');
  assert.ok(hit && !hit.passage.text.includes(title) && hit.passage.text.includes('They agreed to launch'), hit?.passage.text);
});

test('"Talks" in a name stands for a dialogue; holding talks does not name one', () => {
  const named = all('Japan and Poland held the 3rd Senior Officials Defense Talks between the ministries in Warsaw.').find((p) => p.candidateId === 'ministry');
  assert.ok(named?.matched.includes('dialogu'), JSON.stringify(named?.matched));
  const held = all('The senior officials of the ministries of defense held talks in Warsaw.').find((p) => p.candidateId === 'ministry');
  assert.ok(!held?.matched.includes('dialogu'), JSON.stringify(held?.matched));
});
