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
  // A new text of a document is a deliverable; updating a view is not.
  ['Update the Memorandum on Defence Exchange between Ruritania and Freedonia.', 'firm'],
  ['Revise the fisheries agreement to cover the northern waters.', 'firm'],
  ['Update our understanding of maritime risks.', 'intent'],
  // Examining or studying ways and options is a search, hedged like "seek ways"; examining a thing is not.
  ['examine ways to increase exchanges between the coast guards of Ruritania and Freedonia', 'exploratory'],
  ['Study options for a joint fisheries fund.', 'exploratory'],
  ['Examine the issue of visas for students.', 'intent'],
  ['Conduct seminars and workshops', 'firm'],
  // Hosting an event and resuming talks are their own deliverables.
  ['Ruritania will host the third Freedonia-Ruritania Fisheries Summit in Strelsau.', 'firm'],
  ['The two sides agreed to resume technical-level talks on a fisheries treaty.', 'firm'],
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
  // A near deadline is verifiable; a distant target year is a goal.
  ['The agencies will report to the ministers on the pilot projects by the end of 2026.', 'firm'],
  ['Within three months of signature, both sides intend to name their contact points.', 'firm'],
  ['We look forward to a return visit by the trade minister later this year.', 'firm'],
  ['Work towards carbon-neutral ports by 2040.', 'intent'],
  ['Promote offshore wind, explore ways to share data by the end of the year.', 'exploratory'],
  // A search is hedged when it looks for a way or an opening, not for a thing.
  ['Identifying joint research opportunities in marine science.', 'exploratory'],
  ['The ministries will seek avenues for closer contact between start-ups.', 'exploratory'],
  ['Identify three pilot sites for the smart grid trial.', 'firm'],
  // A hedge in a later sentence or clause belongs to another action than the unit's main one.
  ['Strengthen ties between port cities; the agencies also intend to explore twinning arrangements.', 'intent'],
  ['Deepen cooperation on fisheries. Japan also intends to explore a data-sharing scheme.', 'intent'],
  ['Deepen cooperation on fisheries and explore options for a data-sharing scheme.', 'exploratory'],
  // Welcoming, paying or expanding an event or a body is firm; welcoming or expanding a direction is not.
  ['Welcoming the visit of the science minister to Warsaw next spring.', 'firm'],
  ['The Prime Minister accepted the invitation to pay a state visit to Poland.', 'firm'],
  ['Expanding the agenda of the joint committee to cover cyber security.', 'firm'],
  ['Expand collaboration between the two space agencies.', 'intent'],
  // Initiating or starting something is itself the deliverable, like launching it.
  ['Initiating a youth exchange between agricultural colleges.', 'firm'],
  ['The United States expressed its commitment to start the joint training course.', 'firm'],
  ['Initiate cooperation on rare diseases between research hospitals.', 'intent'],
  // A review is an act one can check afterwards, like a meeting.
  ['The agency commits to a prompt review of the licence application.', 'firm'],
  // A leading participle before the subject is an adjunct: the verb after the subject governs.
  ['Building on the pilot project, the two ministries intend to establish a joint steering committee.', 'firm'],
  ['Enhancing cooperation on ports, a scheme launched last year, to cut emissions.', 'intent'],
  // A meeting or body arranged in the passive is held, like one the parties hold.
  ['The Joint Committee will be held in Helsinki next spring.', 'firm'],
  // Something built is a deliverable, like an agreement concluded.
  ['Support the port upgrade, including the construction of a new container terminal.', 'firm'],
  // A new body or text named as the action's object is a deliverable; one named as a means is not.
  ['Drafting a new Joint Roadmap on Quantum Technology for the next ministerial.', 'firm'],
  ['Deepen research ties through the new Bilateral Science Agreement.', 'intent'],
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
