// Items of a plan's lists that name their action by a noun or an uncommon verb (spec §3: each list item is one
// commitment; a dialogue to be held is firm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBytes } from '../../src/pipeline.js';
import { judgeStrength } from '../../src/extract/strength.js';
import { loadVocabulary } from '../../src/vocab/index.js';

const vocab = loadVocabulary();

test('an item that names a meeting by its head noun is firm; one that names a field is not', () => {
  assert.equal(judgeStrength('Coastal Security Dialogue', vocab).strength, 'firm');
  assert.equal(judgeStrength('Consultation on fisheries between the Ruritanian and Freedonian coast guards', vocab).strength, 'firm');
  assert.equal(judgeStrength('Cooperation on fisheries between the coast guards', vocab).strength, 'intent');
  assert.equal(judgeStrength('The ministers of Ruritania welcomed the progress of the talks', vocab).strength, 'intent');
});

test('a rhythm of twice a year makes an item firm', () => {
  assert.equal(judgeStrength('Senior officials talks on fisheries (twice a year)', vocab).strength, 'firm');
});

test('a plan keeps capitalized items that name a meeting, and items led by "consolidate"', async () => {
  const text = [
    'Ruritania-Freedonia Action Plan',
    '',
    '1. Mechanisms of Cooperation',
    '',
    '  • Consolidate the Fisheries Partnership',
    '  • Annual Coastal Security Dialogue',
    '  • Fisheries Policy Dialogue',
    '  • Joint Press Releases',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('plan.txt', new TextEncoder().encode(text));
  assert.deepEqual(extraction!.commitments.map((c) => [c.text, c.strength]), [
    ['Consolidate the Fisheries Partnership', 'intent'],
    ['Annual Coastal Security Dialogue', 'firm'],
    ['Fisheries Policy Dialogue', 'firm'],
  ]);
});

test('a part word and number closed by a colon heads a section, even with no blank line around it', async () => {
  const text = [
    'Ruritania-Freedonia Action Plan',
    'Priority actions for the next summit',
    'Objective 1: Safer Fisheries',
    '- Hold the fisheries dialogue every year.',
    '- Promote research on fish stocks.',
    'Objective 2: Trade and Investment in the Coastal Regions of Both Countries for the Benefit of Their Fishermen',
    '- Conclude the customs agreement.',
    '',
    'Article 9 of the Agreement provides for a joint committee.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('plan.txt', new TextEncoder().encode(text));
  assert.deepEqual(extraction!.sections.map((s) => [s.number, s.title]), [
    ['Objective 1', 'Safer Fisheries'],
    ['Objective 2', 'Trade and Investment in the Coastal Regions of Both Countries for the Benefit of Their Fishermen'],
  ]);
  assert.deepEqual(extraction!.commitments.map((c) => c.section), ['Safer Fisheries', 'Safer Fisheries', 'Trade and Investment in the Coastal Regions of Both Countries for the Benefit of Their Fishermen']);
});

test('a project or programme carried out under its name is firm; projects without a name are not', () => {
  assert.equal(judgeStrength('Ruritania and Freedonia will implement steadily the north section of the "Coastal Road Rehabilitation Project".', vocab).strength, 'firm');
  assert.equal(judgeStrength('Continue the Young Fishermen Programme between the two ports.', vocab).strength, 'firm');
  assert.equal(judgeStrength('Continue to support joint projects on coastal roads.', vocab).strength, 'intent');
});

test('a part label on its own line over a title heads a section numbered by the label', async () => {
  const text = [
    'Protocol on Ruritanian-Freedonian Fisheries Cooperation',
    '',
    'ARTICLE I',
    'Objectives',
    '',
    '1. The two sides will hold an annual fisheries dialogue.',
    '',
    'ARTICLE II',
    'Joint Committee',
    '',
    '1. The two sides will establish a joint committee on fish stocks.',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('protocol.txt', new TextEncoder().encode(text));
  assert.deepEqual(extraction!.sections.map((s) => [s.number, s.title]), [['ARTICLE I', 'Objectives'], ['ARTICLE II', 'Joint Committee']]);
  assert.deepEqual(extraction!.commitments.map((c) => c.section), ['Objectives', 'Joint Committee']);
});
