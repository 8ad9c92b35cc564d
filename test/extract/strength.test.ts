// Strength judgements on short actions, one per rule of spec/extraction.md §3 (firm, intent, exploratory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeStrength } from '../../src/extract/strength.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const vocab = loadVocabulary();
const cases: [string, string][] = [
  ['Explore ways to cooperate on hydrogen.', 'exploratory'],
  ['exploring the possibility of joint exercises;', 'exploratory'],
  ['Consider a letter of intent with the prefecture.', 'exploratory'],
  ['Exchange information to consider the possibility of an agreement.', 'exploratory'],
  ['the ministries will seek ways to share knowhow on testbeds.', 'exploratory'],
  ['Hold consultations on economic security.', 'firm'],
  ['Conduct seminars and workshops', 'firm'],
  ['Continue to hold the defence dialogue.', 'firm'],
  ['maintain regular high-level contacts between the two countries;', 'firm'],
  ['political consultations at vice-minister level once in two years;', 'firm'],
  ['Establish a timeframe for regularly holding the talks.', 'firm'],
  ['The Participants intend to work together to consider a joint stockpiling arrangement.', 'exploratory'],
  ['Open a dialogue on patents, through which the two countries will explore synergies.', 'firm'],
  ['Build on past cooperation and launch a digital connectivity partnership.', 'firm'],
  ['We intend to establish a bilateral working group on maritime security.', 'firm'],
  ['The two sides look forward to the next ministerial meeting in Tokyo.', 'firm'],
  ['improving the business environment, including the conclusion of a social security agreement;', 'firm'],
  ['Enhance collaboration on batteries, building upon the recent conclusion of an MOU.', 'intent'],
  ['Take advantage of the entry into force of the film agreement.', 'intent'],
  ['Promote cooperation in priority areas, including the launch of new projects.', 'intent'],
  ['Deepen cooperation on cloud technology, including through launching expert discussions.', 'intent'],
  ['establishing relations in the field of health technology assessment;', 'intent'],
  ['Share experiences between authorities, organize seminars, and exchange visits.', 'firm'],
  ['encouraging cooperation between museums, including in organizing exhibitions;', 'intent'],
  ['Strengthen cooperation on semiconductors.', 'intent'],
  ['Promote bilateral legal consultations.', 'intent'],
  ['The ministries will promote cooperation on 5G.', 'intent'],
  ['Continue the successful collaboration in health.', 'intent'],
  ['Advance a memorandum of cooperation on port security.', 'firm'],
  ['Advancing joint research on hydrogen storage.', 'intent'],
  ['The two ministries will continue to meet at working level on fisheries.', 'firm'],
  ['Both sides will meet in Osaka before the end of the year.', 'firm'],
  ['Continue meeting with the regional governments.', 'firm'],
  ['Invest in grid capacity to meet the demand for electricity.', 'intent'],
  ['The parties will continue to meet their emission targets.', 'intent'],
  ['The ministers decided to deepen ties by convening a joint energy forum next spring.', 'firm'],
  ['Strengthen supply chains by investing in new battery plants.', 'intent'],
];

for (const [text, expected] of cases) {
  test(`strength: ${text}`, () => {
    assert.equal(judgeStrength(text, vocab).strength, expected);
  });
}

test('items under a hedged lead-in share its hedge', () => {
  assert.equal(judgeStrength('hold joint seminars;', vocab, true).strength, 'exploratory');
  assert.equal(judgeStrength('hold joint seminars;', vocab, false).strength, 'firm');
});

test('every judgement names its cue, except the default intent', () => {
  assert.equal(judgeStrength('Hold consultations.', vocab).cue, 'hold');
  assert.equal(judgeStrength('Promote tourism.', vocab).cue, null);
  assert.equal(judgeStrength('We will continue to meet at all levels.', vocab).cue, 'meet at');
});
