// Unit tests for plans between partners (made-up Ruritania and Freedonia): one rule per test, each of which fails
// without the behaviour it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMechanisms } from '../../src/extract/mechanisms.js';
import { emptyTree } from './entities-helpers.js';

const mechanisms = (text: string) => findMechanisms(text, emptyTree(text)).map((m) => `${m.name}|${m.cadence}`);

test('mechanisms: an ordinal meeting of a body, written as a word or as a number, makes it one of a series', () => {
  assert.deepEqual(mechanisms('Joint Communiqué Of The Fifth Ruritania-Freedonia Joint Ministerial Committee (RFJMC)\nMinisters met today.'),
    ['Ruritania-Freedonia Joint Ministerial Committee (RFJMC)|regular']);
  assert.deepEqual(mechanisms('Ministers met for the 12th meeting of the Ruritania-Freedonia Joint Ministerial Committee (RFJMC).'),
    ['Ruritania-Freedonia Joint Ministerial Committee (RFJMC)|regular']);
});

test('mechanisms: a body met again by its acronym carries the cadence given there', () => {
  assert.deepEqual(mechanisms('Under the MoU, a Joint Working Group (JWG) will be formed. The JWG\u2019s meeting would be held once in every two year.'),
    ['Joint Working Group (JWG)|biennial']);
  assert.deepEqual(mechanisms('The sides will explore trade at the next Joint Commission for Trade (JCT) meeting. The sides will organize meetings of JCT at least twice every five years.'),
    ['Joint Commission for Trade (JCT)|regular']);
});

import { extractBytes } from '../../src/pipeline.js';

async function extraction(text: string) {
  const { extraction } = await extractBytes('statement.txt', new TextEncoder().encode(text));
  return extraction!;
}
const texts = async (text: string) => (await extraction(text)).commitments.map((c) => c.text);

test('statements: numbered paragraphs under a lead-in complete its subject ("the Leaders:" ⏎ "1. Launched …")', async () => {
  const text = [
    'Joint Statement for the 3rd Ruritania-Freedonia Annual Leaders’ Meeting',
    '',
    '  1. The Leaders welcomed the progress of the partnership.',
    '  2. The Leaders noted the progress under the Trade Agreement. Under the Agreement, the Leaders:',
    '    1. Launched a joint Small Business Program to provide grants over three years, with applications opening later in 2026;',
    '    2. Noted the good work of the trade officials.',
  ].join('\n');
  assert.deepEqual(await texts(text), ['Launched a joint Small Business Program to provide grants over three years, with applications opening later in 2026;']);
});

test('statements: tasking officials, agreeing on a new roadmap, deciding when a meeting takes place, an intention to meet', async () => {
  const text = [
    'Joint Communiqué of the Ruritania-Freedonia Ministerial Meeting',
    '',
    'Ministers met in Freedonia City today. They agreed on a roadmap towards a closer partnership. They welcomed the progress of the programme. They tasked officials to review the roadmap and report at the next meeting. The two sides decided that the next round of the Joint Working Group on Fisheries will take place in 2027. The Ministers underscored the intention to meet at least once in every two years.',
  ].join('\n');
  assert.deepEqual(await texts(text), [
    'They agreed on a roadmap towards a closer partnership.',
    'They tasked officials to review the roadmap and report at the next meeting.',
    'The two sides decided that the next round of the Joint Working Group on Fisheries will take place in 2027.',
    'The Ministers underscored the intention to meet at least once in every two years.',
  ]);
});

test('statements: a label over nested items and a delegate\u2019s name and office are no commitments', async () => {
  const text = [
    'Ruritania-Freedonia Partnership for Clean Growth',
    '',
    'Highlights',
    '',
    '  • Both sides agreed to:',
    '    • Establish a Ruritania-Freedonia Solar Partnership.',
    '  • Funding:',
    '    • Freedonia will provide grants to solar projects in Ruritania.',
    '  • Dr Jane Roe, Minister for Trade and Industry (Trade)',
  ].join('\n');
  const found = await texts(text);
  assert.ok(!found.includes('Both sides agreed to:') && !found.includes('Funding:'), found.join(' | '));
  assert.ok(!found.some((t) => t.startsWith('Dr Jane Roe')), found.join(' | '));
  assert.ok(found.includes('Establish a Ruritania-Freedonia Solar Partnership.'), found.join(' | '));
});

test('metadata: site furniture above a title naming its kind, and a title in capitals over several lines', async () => {
  const furniture = await extraction('Policy paper\n\n2030 Roadmap for Ruritania-Freedonia relations\n\nPublished 4 May 2026\n\nThe two countries will cooperate.\n');
  assert.equal(furniture.metadata.title, '2030 Roadmap for Ruritania-Freedonia relations');
  assert.equal(furniture.metadata.kind, 'roadmap');
  const capitals = await extraction('WORK\nPLAN\nBETWEEN\nTHE GOVERNMENT OF RURITANIA\nAND\nTHE GOVERNMENT OF FREEDONIA\nThe Ministry of Agriculture of Ruritania and the Ministry of Agriculture of Freedonia have agreed on the following Work Plan for 2026-2027 which has been developed after mutual consultation and which lists the activities of both sides in detail, as follows, for the fields of wheat, rice and sugarcane, and for the exchange of experts between the research institutes of both countries:\n1. Supply of wheat varieties.\n');
  assert.equal(capitals.metadata.title, 'WORK PLAN BETWEEN THE GOVERNMENT OF RURITANIA AND THE GOVERNMENT OF FREEDONIA');
  assert.equal(capitals.metadata.kind, 'joint_working_plan');
});

test('instruments: the plan itself ("the following Work Plan", "an Action Plan to implement …") and a plan reviewed "on an annual basis" are no other instrument', async () => {
  const found = (await extraction('Ruritania-Freedonia Action Plan\n\nThe Ministers have agreed to an Action Plan to implement the partnership. The Ministers agreed on the following Work Plan for cooperation in agriculture. A Strategic Dialogue will review the Action Plan on an annual basis. It builds on the Memorandum of Understanding on Fisheries Cooperation.\n')).instruments.map((i) => i.title);
  assert.deepEqual(found, ['Memorandum of Understanding on Fisheries Cooperation']);
});

import { judgeStrength } from '../../src/extract/strength.js';
import { loadVocabulary } from '../../src/vocab/index.js';

test('provisions: the document named by its kind alone ("The Roadmap will guide …", "review … the Action Plan on an annual basis")', async () => {
  const found = (await extraction('Ruritania-Freedonia Roadmap 2035\n\nThe Roadmap will guide cooperation for the next ten years. A Strategic Dialogue between senior officials will review the implementation of the Action Plan on an annual basis. The Action Plan on Fisheries of 2019 was a success.\n')).provisions.map((p) => p.kind);
  assert.deepEqual(found, ['duration', 'review']);
});

test('strength: founding a partnership, drawing up a roadmap, raising relations to a partnership are firm; raising them "to new heights" is not', () => {
  const vocab = loadVocabulary('');
  const strength = (text: string) => judgeStrength(text, vocab).strength;
  assert.equal(strength('Establish a Ruritania-Freedonia Solar Partnership focusing on rooftop solar'), 'firm');
  assert.equal(strength('Establish close cooperation between the ministries'), 'intent');
  assert.equal(strength('Develop a Ruritania-Freedonia Hydrogen Roadmap based on the inputs of the task force'), 'firm');
  assert.equal(strength('Develop cooperation in agriculture'), 'intent');
  assert.equal(strength('they committed to elevate the Strategic Partnership concluded in 2009 to a Comprehensive Strategic Partnership'), 'firm');
  assert.equal(strength('elevate our partnership to new heights'), 'intent');
});

test('metadata: a city-state named as the place of the meeting is the place', async () => {
  const m = (await extraction('Joint Communiqué of the Fifth Freedonia-Singapore Joint Ministerial Committee\n\nThe Fifth Meeting of the Freedonia-Singapore Joint Ministerial Committee was held in Singapore on 22 August 2026. The Ministers agreed to deepen cooperation.\n')).metadata;
  assert.deepEqual([m.signed.date, m.signed.place], ['2026-08-22', 'Singapore']);
});

test('furniture: a genre label ("Backgrounder") and a publication line with its time are no sections', async () => {
  const sections = (await extraction('Ruritania-Freedonia Action Plan\n\nBackgrounder\n\nPublished By Example Wire, Tue, May 4, 2026 7:23 AM\n\nTrade\n\nThe two sides will hold an annual trade dialogue.\n')).sections.map((s) => s.title);
  assert.ok(!sections.includes('Backgrounder') && !sections.some((t) => t?.startsWith('Published')), sections.join(' | '));
});
