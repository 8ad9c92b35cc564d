// Clause-level judgement of prose in statements (spec/extraction.md §3): which sentences commit the parties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitsInProse, statesPartyView } from '../../src/extract/clauses.js';
import { extractBytes } from '../../src/pipeline.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const vocab = loadVocabulary();
const cases: [string, boolean][] = [
  // A reflexive pronoun between the verb of commitment and its "to".
  ['The two governments commit themselves to doubling the number of exchange students.', true],
  ['We acknowledge the value of language study and commit ourselves to funding more teachers.', true],
  // "…, which is why we commit to…": the parties are the subject after the connective.
  ['Japan and Chile see the risk in untrusted suppliers, which is why we commit to shared procurement rules.', true],
  ['Supply chains are fragile, which is why companies commit to diversifying them.', false],
  // Measures under way, and a present-tense partnership on something named.
  ['The Participants are also taking measures to shorten customs clearance.', true],
  ['The Participants are taking note of the report.', false],
  ['We are proud to partner on ocean observation through two joint cruises.', true],
  ['Japan is a key partner in the region.', false],
  // A meeting or body of the parties arranged in the passive: the parties make the arrangement.
  ['The next Joint Committee will be held in Helsinki in the spring.', true],
  ['The Ocean Partnership will be co-chaired by the two ministers of science.', true],
  ['This investment will be held in trust for ten years.', false],
  ['It will be hosted by a private foundation.', false],
  // A Markdown link's markup is no word: the sentence reads as its text.
  ['The two leaders have [launched the Freedonia-Japan Ocean Partnership](https://example.org/ocean.pdf).', true],
  // A past decision or intention to act: a date after it is the act's own, still to come; one before it is history.
  ['In this regard, they expressed their intention to hold the 3rd Strategic Dialogue at the earliest time in 2031.', true],
  ['The leaders decided to hold the next Joint Committee in Strelsau in 2032.', true],
  ['In 2019, the leaders decided to hold annual consultations.', false],
  ['The two ministers launched the Ocean Partnership in May 2022.', false],
  // Translations from Japanese: "confirmed to" with an infinitive, an expectation to hold a meeting, agreement on doing.
  ['Both sides confirmed to increase exchanges between Ruritania and Freedonia at ministerial level.', true],
  ['Both sides expressed their expectation to hold the second round of the dialogue in Strelsau.', true],
  ['Both sides concurred on increasing the exchanges between their coast guards.', true],
  ['Both sides agreed on the importance of the dialogue.', false],
  // An intention or willingness stated (not reiterated), also as a second verb after "and also".
  ['Both sides expressed their willingness to enhance political dialogue between their foreign ministries.', true],
  ['Both sides stressed their shared intention to continue their cooperation through the Joint Fisheries Committee.', true],
  ['The two leaders welcomed the recent visits and also shared a common intention to continue dialogue at all levels.', true],
  ['The two leaders welcomed the recent visits and also the progress of the fisheries talks.', false],
  ['Freedonian investors expressed their willingness to invest in Ruritania.', false],
  // The ministers of a two-plus-two meeting and the leaders of a trilateral summit are the parties.
  ['The four ministers agreed to hold the next meeting in Strelsau.', true],
  ['The three leaders decided to launch a trilateral dialogue on ports.', true],
  ['Four companies will invest in the port of Strelsau.', false],
  // A commitment made in so many words.
  ['We make a mutual commitment to defend and protect the global commons.', true],
  ['Freedonia and Japan made a joint commitment to establish a fisheries fund.', true],
  ['Companies make a commitment to invest in the port.', false],
  // The parties' own authorities as subject.
  ['Our authorities will follow up and report back on progress to the next Summit.', true],
  // "will have" a meeting is holding it; "will have" an effect is a prediction.
  ['We will have an annual Ocean Review meeting at the level of ministers to monitor this Roadmap.', true],
  ['We will have a positive impact on the fisheries of the region.', false],
];

for (const [text, expected] of cases) {
  test(`commits in prose: ${text}`, () => {
    assert.equal(commitsInProse(text, vocab), expected);
  });
}

test('a list item led by a view still commits when a later sentence has the parties commit', async () => {
  const markdown = [
    'Together, Freedonia and Japan will:',
    '',
    '-   Noting the request of a Freedonian port operator for a joint survey. Japan commits to a survey within the year.',
    '-   Noting the progress of the fisheries talks.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('statement.md', new TextEncoder().encode(markdown));
  const texts = extraction!.commitments.map((c) => c.text);
  assert.deepEqual(texts, ['Noting the request of a Freedonian port operator for a joint survey. Japan commits to a survey within the year.']);
});

test('a view of the parties: its first verb of view has them as subject, and nothing of it commits them', () => {
  assert.equal(statesPartyView('In addition, the two governments take note of recent deals between their airlines.', vocab), true);
  assert.equal(statesPartyView('Freedonia and Japan welcomed the opening of a new consulate.', vocab), true);
  assert.equal(statesPartyView('The leaders welcome the plan and will hold talks on it in May.', vocab), false);
  assert.equal(statesPartyView('Private investors take note of the new rules.', vocab), false);
  assert.equal(statesPartyView('The four ministers acknowledged the importance of the contributions of Ruritania.', vocab), true);
  // A call on others is a view (spec §3); a call on their own ministries commits them.
  assert.equal(statesPartyView('In this context, the two Prime Ministers called on the next Freedonia-Japan Conference to present recommendations.', vocab), true);
  assert.equal(statesPartyView('The two Prime Ministers called on their ministers to report back by May.', vocab), false);
  assert.equal(statesPartyView('Freedonia and Japan underscore the importance of the rule of law.', vocab), true);
});

test('a statement bullet that states the parties\' view is no commitment; one led by its action is', async () => {
  const markdown = [
    'Together, Freedonia and Japan will:',
    '',
    '-   Collaborating in the Green Club, where Japan welcomes Freedonia as a member.',
    '-   In addition, Freedonia and Japan take note of new private investments in both countries.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('statement.md', new TextEncoder().encode(markdown));
  assert.deepEqual(extraction!.commitments.map((c) => c.text), ['Collaborating in the Green Club, where Japan welcomes Freedonia as a member.']);
});

test('numbered paragraphs led by an action in "-ing" are the items of an enumerated list of actions', async () => {
  const text = [
    'Ruritania-Freedonia Ministerial Consultations',
    '',
    '1. The ministers of Ruritania and Freedonia met in Strelsau on 3 March.',
    '',
    '2. To that end, Ruritania and Freedonia are committed to working more closely in the following ways:',
    '',
    'Regional cooperation',
    '',
    '3. Deepening exchanges between the coast guards of the two countries.',
    '',
    '4. Expressing satisfaction at the talks, the two ministers reviewed the fisheries agreement.',
    '',
    '5. Building on the fisheries agreement signed in Strelsau.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('consultations.txt', new TextEncoder().encode(text));
  const texts = extraction!.commitments.map((c) => c.text);
  assert.ok(texts.includes('Deepening exchanges between the coast guards of the two countries.'), texts.join(' | '));
  assert.ok(texts.includes('Building on the fisheries agreement signed in Strelsau.'), texts.join(' | '));
  assert.ok(!texts.some((t) => t.startsWith('Expressing satisfaction')), texts.join(' | '));
});

test("the parties' own voice: a view, or an intention they state with a verb of saying or sharing", async () => {
  const { voicesParties } = await import('../../src/extract/clauses.js');
  assert.equal(voicesParties('Both sides expressed their willingness to enhance dialogue between their fisheries agencies.', vocab), true);
  assert.equal(voicesParties('The two leaders welcomed the visits and also shared a common intention to continue dialogue.', vocab), true);
  assert.equal(voicesParties('The leaders welcome the opening of a consulate in Strelsau.', vocab), true);
  assert.equal(voicesParties('The Participants will establish a Ruritania-Freedonia Ports Group.', vocab), false);
  assert.equal(voicesParties('Freedonian investors expressed their willingness to invest in Ruritania.', vocab), false);
});
