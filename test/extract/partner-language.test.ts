// Documents in a partner's language (German, Spanish): made-up texts, one rule per test, each failing without the
// German and Spanish words of vocab/languages.json and the finders that read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVocabulary } from '../../src/vocab/index.js';
import { findMetadata } from '../../src/extract/metadata.js';
import { buildTree } from '../../src/tree/index.js';
import { findDates, parseDate } from '../../src/dates.js';
import { extractBytes } from '../../src/pipeline.js';
import { findPartnerInstruments, findPartnerMechanisms, partnerLanguage } from '../../src/extract/partner-language.js';

const vocab = loadVocabulary('');
const metadata = (text: string) => findMetadata(text, buildTree({ text }), vocab);

const german = [
  'Pressemitteilung',
  '',
  '2024/3/5',
  '',
  'Treffen der Wirtschaftsminister Japans und Österreichs',
  '',
  'Am 5. März trafen die Wirtschaftsminister von Japan und Österreich in Wien zu einem Gespräch zusammen, das im Rahmen der Japanisch-Österreichischen Wirtschaftskommission stattfand. Es folgt eine Zusammenfassung.',
  '',
  '1. Bilaterale Beziehungen',
  '',
  '(1) Der österreichische Minister erklärte, Japan sei ein wichtiger Partner in Asien, mit dem Österreich die Werte der Demokratie teile. Er wolle die Zusammenarbeit mit dem Partner weiter vertiefen.',
  '',
  '(2) Der japanische Minister sagte, die Lage in der Welt sei schwierig. Beide Minister vereinbarten, den Japanisch-Österreichischen Energiedialog jährlich abzuhalten und die Konsultationen der Handels- und Finanzminister fortzusetzen.',
  '',
  '(3) Beide Minister würdigten das Abkommen zwischen Japan und der Republik Österreich über Soziale Sicherheit vom 12. Mai 2023, das für die Bürger beider Länder wichtig sei.',
  '',
].join('\n');

const spanish = [
  'Comunicado Conjunto México-Japón',
  '',
  'Los presidentes de México y Japón se reunieron en Tokio para conversar sobre las relaciones entre los dos países y la situación en la región.',
  'Ambos mandatarios reafirmaron que México y Japón comparten valores fundamentales como la democracia y el estado de derecho.',
  'Los presidentes acordaron celebrar anualmente el Diálogo Estratégico entre México y Japón.',
  'Los presidentes también acordaron establecer la Comisión Mixta de Cooperación Científica y Tecnológica, y se felicitaron por el Foro Económico Mundial.',
  'Asimismo, los presidentes condenaron el lanzamiento de misiles y recordaron la Resolución 2397 del Consejo de Seguridad.',
  'Ambos mandatarios destacaron el Acuerdo de Asociación Económica entre Japón y México de 2004, que ha impulsado el comercio.',
  '',
  'Hecho en Tokio, el 14 de julio de 2024.',
  '',
].join('\n');

test('partner language: told from function words; English with a German name stays English', () => {
  assert.equal(partnerLanguage(german), 'de');
  assert.equal(partnerLanguage(spanish), 'es');
  assert.equal(
    partnerLanguage('The Japanese-German Forum will meet in Berlin. The two sides will hold the Deutsch-Japanisches Forum and the annual dialogue on energy and climate in 2025.'),
    null,
  );
});

test('dates: German "5. März 2025" and Spanish "14 de julio de 2024", "diciembre de 2012"', () => {
  assert.deepEqual(findDates('am 12. Mai 2023 in Wien').map((d) => d.date), ['2023-05-12']);
  assert.deepEqual(findDates('el 14 de julio de 2024 y en diciembre de 2012').map((d) => d.date), ['2024-07-14', '2012-12']);
  assert.equal(parseDate('1 de setiembre del 2020'), '2020-09-01');
  assert.equal(parseDate('3. Jänner 2021'), '2021-01-03');
  // English forms read as before.
  assert.deepEqual(findDates('signed on 7 May 2023').map((d) => d.date), ['2023-05-07']);
});

test('metadata: parties named together in German or Spanish ("Japan und Österreich", "México y Japón")', () => {
  assert.deepEqual(metadata(german).parties, ['AT', 'JP']);
  assert.deepEqual(metadata(spanish).parties, ['JP', 'MX']);
});

test('metadata: a Spanish title word names the kind; a date line before the prose dates a German readout', () => {
  const es = metadata(spanish);
  assert.equal(es.kind, 'joint_statement');
  assert.deepEqual(es.signed && [es.signed.date, es.signed.place], ['2024-07-14', 'Tokio']);
  assert.equal(metadata(german).signed.date, '2024-03-05');
  // The first block, a site's section, names neither parties nor a kind: the title is the block that does.
  assert.equal(metadata(german).title, 'Treffen der Wirtschaftsminister Japans und Österreichs');
  assert.equal(metadata(`Presse\n\nPressemitteilung: Dialog Japan-Spanien\n\n${german.split('\n\n').slice(3).join('\n\n')}`).title, 'Dialog Japan-Spanien');
  assert.equal(metadata(german).kind, 'other');
});

test('metadata: an untitled Spanish communiqué of the ministers\' joint views is a joint statement', () => {
  const untitled = spanish.split('\n').slice(2, 8).join('\n');
  assert.equal(metadata(untitled).kind, 'joint_statement');
});

test('mechanisms: German modifiers, compounds and genitive complements; Spanish modifiers and complements', () => {
  assert.deepEqual(
    findPartnerMechanisms(german, 'de').map((m) => `${m.name}|${m.cadence}`),
    [
      'Japanisch-Österreichischen Wirtschaftskommission|unspecified',
      'Japanisch-Österreichischen Energiedialog|annual',
      'Konsultationen der Handels- und Finanzminister|annual',
    ],
  );
  // "Foro Económico Mundial" is an international body, no mechanism of the parties.
  assert.deepEqual(
    findPartnerMechanisms(spanish, 'es').map((m) => `${m.name}|${m.cadence}`),
    ['Diálogo Estratégico entre México y Japón|annual', 'Comisión Mixta de Cooperación Científica y Tecnológica|unspecified'],
  );
  // A head with a topic only names no body: "Dialog zu sozialen Fragen", "der erste strategische Dialog zwischen den Ministern".
  assert.deepEqual(findPartnerMechanisms('Förderung von Handel, Dialog zu sozialen Fragen, der erste strategische Dialog zwischen den Ministern.', 'de'), []);
});

test('instruments: Spanish heads with a number or complement and their year; a German agreement with its date', () => {
  assert.deepEqual(
    findPartnerInstruments(spanish, 'es').map((i) => `${i.kind}|${i.title}|${i.date ?? ''}`),
    ['other|Resolución 2397|', 'agreement|Acuerdo de Asociación Económica entre Japón y México|2004'],
  );
  assert.deepEqual(
    findPartnerInstruments(german, 'de').map((i) => `${i.kind}|${i.title}|${i.date ?? ''}`),
    ['agreement|Abkommen zwischen Japan und der Republik Österreich|2023-05-12'],
  );
  assert.deepEqual(findPartnerInstruments('Die Minister begrüßten diese Gemeinsame Erklärung der beiden Regierungen.', 'de'), []);
});

test('commitments: in a German readout only the joint agreement commits, narrowed to its sentence', async () => {
  const { extraction } = await extractBytes('readout.txt', new TextEncoder().encode(german));
  assert.ok(extraction);
  assert.deepEqual(
    extraction.commitments.map((c) => `${c.strength}|${c.text}`),
    [
      'firm|Beide Minister vereinbarten, den Japanisch-Österreichischen Energiedialog jährlich abzuhalten und die Konsultationen der Handels- und Finanzminister fortzusetzen.',
    ],
  );
  assert.equal(extraction.mechanisms.length, 3);
});

test('commitments: each sentence of Spanish prose in which the parties agree to act, none for their views', async () => {
  const { extraction } = await extractBytes('comunicado.txt', new TextEncoder().encode(spanish));
  assert.ok(extraction);
  assert.deepEqual(
    extraction.commitments.map((c) => `${c.strength}|${c.text}`),
    [
      'firm|Los presidentes acordaron celebrar anualmente el Diálogo Estratégico entre México y Japón.',
      'firm|Los presidentes también acordaron establecer la Comisión Mixta de Cooperación Científica y Tecnológica, y se felicitaron por el Foro Económico Mundial.',
    ],
  );
});

test('a German plan: every list item commits, strength from German verbs; signing line and pair with a dash', async () => {
  const plan = [
    'Aktionsplan Japan–Deutschland 2024–2027',
    '',
    'Japan und Deutschland haben die folgenden Maßnahmen für die Zusammenarbeit zwischen den beiden Ländern in den nächsten Jahren beschlossen, die von den Ministerien umgesetzt werden.',
    '',
    '1. Politik und Sicherheit',
    '',
    '- Regelmäßige Konsultationen der Außen- und Verteidigungsminister abhalten',
    '- Die Zusammenarbeit im Bereich der Cybersicherheit stärken',
    '- Die Möglichkeiten eines Abkommens über den Austausch von Verschlusssachen prüfen',
    '',
    'Geschehen zu Berlin am 12. Juli 2024',
    '',
  ].join('\n');
  const { extraction } = await extractBytes('plan.txt', new TextEncoder().encode(plan));
  assert.ok(extraction);
  const m = extraction.metadata;
  assert.deepEqual([m.kind, m.parties, m.signed.date, m.signed.place], ['action_plan', ['DE', 'JP'], '2024-07-12', 'Berlin']);
  assert.deepEqual(extraction.commitments.map((c) => c.strength), ['firm', 'intent', 'exploratory']);
});
