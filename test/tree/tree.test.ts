// The tree builder: every node's span points into the text, ids are unique, and the seeds' trees match their golden files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { buildTree, MAX_LIST_DEPTH, walk } from '../../src/tree/index.js';
import type { RootNode, TreeNode } from '../../src/types.js';
import { expectGolden } from '../helpers/golden.js';
import { fixtures, seedFiles } from '../helpers/paths.js';

function checkSpans(text: string, root: RootNode): void {
  const ids = new Set<string>();
  walk(root, (node: TreeNode, parents) => {
    const { start, end } = node.span;
    assert.ok(0 <= start && start <= end && end <= text.length, `${node.id}: span ${start}-${end} outside the text`);
    if (node.type !== 'root') {
      assert.ok(!ids.has(node.id), `duplicate id ${node.id}`);
      ids.add(node.id);
      assert.ok(text.slice(start, end).trim().length > 0, `${node.id}: empty span`);
      const parent = parents[parents.length - 1]!;
      assert.ok(parent.span.start <= start && end <= parent.span.end, `${node.id} lies outside its parent ${parent.id}`);
    }
    if (node.type === 'sentence') assert.equal(text.slice(start, end), text.slice(start, end).trim(), `${node.id}: untrimmed sentence`);
  });
}

/** A compact, reviewable rendering of a tree: one line per section, paragraph, item and row. */
export function outlineOf(text: string, root: RootNode): string {
  const lines: string[] = [];
  walk(root, (n, parents) => {
    const pad = '  '.repeat(Math.max(0, parents.length - 1));
    const snippet = (s: { start: number; end: number }) => text.slice(s.start, s.end).replace(/\s+/g, ' ').slice(0, 70);
    if (n.type === 'section') lines.push(`${pad}§ ${n.id} L${n.level} ${n.kind} ${n.number ?? '-'} ${n.title ?? '(no title)'}`);
    else if (n.type === 'paragraph') lines.push(`${pad}¶ ${n.role} ${snippet(n.span)}`);
    else if (n.type === 'listItem') lines.push(`${pad}• ${n.marker} ${snippet(n.content)}`);
    else if (n.type === 'tableRow') lines.push(`${pad}▦ ${n.children.map((c) => snippet(c.span).slice(0, 30)).join(' | ')}`);
    return !(n.type === 'paragraph' || n.type === 'tableRow');
  });
  return lines.join('\n') + '\n';
}

for (const file of seedFiles()) {
  test(`seed tree: ${basename(file)}`, () => {
    const text = readFileSync(file, 'utf8');
    const root = buildTree({ text });
    checkSpans(text, root);
    expectGolden(`${fixtures}seeds/${basename(file)}.tree.txt`, outlineOf(text, root));
  });
}

test('a numbered heading, a lead-in and nested items of another marker kind', () => {
  const text = '1. Dialogue\n\nThe Governments will:\n\n- a) hold talks by:\n- meeting yearly;\n - meeting twice;\n- b) share views.\n';
  const root = buildTree({ text });
  const section = root.children.find((c) => c.type === 'section');
  assert.ok(section && section.type === 'section');
  assert.equal(section.title, 'Dialogue');
  const list = section.children.find((c) => c.type === 'list');
  assert.ok(list && list.type === 'list');
  assert.equal(list.children.length, 2, 'a) and b) are siblings');
  const nested = list.children[0]!.children.find((c) => c.type === 'list');
  assert.ok(nested && nested.type === 'list');
  assert.equal(nested.children.length, 2, 'the two dashed items nest under a)');
});

test('an emphasized heading wrapped over three lines below a line of bare markup is one heading', () => {
  const text = 'Opening words of the statement.\n\n*<u>  \nBuilding Resilience Together: Expanding Trade, Deepening Energy\nCooperation, Strengthening Supply Chains, and Supporting the Health of\nOur Citizens</u>*\n\nThe leaders will launch a new dialogue on energy.\n';
  const root = buildTree({ text });
  const titles: string[] = [];
  walk(root, (n) => {
    if (n.type === 'section') titles.push(n.title ?? '');
    return true;
  });
  assert.deepEqual(titles, ['Building Resilience Together: Expanding Trade, Deepening Energy Cooperation, Strengthening Supply Chains, and Supporting the Health of Our Citizens']);
});

test('an item wrapped in a narrow column goes on at a capitalized line; a short item after a longer one does not', () => {
  // A PDF list at about 50 characters a line: the second line is as wide as the first, so the third goes on the item.
  const text = '• Signing a new Implementation Arrangement for a Research\nAgency Partnership between the National Science\nFoundation and Indian science agencies to expand collaboration.\n• Holding a dialogue on energy policy in\nmarine research\nCooperation on polar science.\n';
  const root = buildTree({ text });
  const items: string[] = [];
  walk(root, (n) => {
    if (n.type === 'listItem') items.push(text.slice(n.span.start, n.span.end).replace(/\s+/g, ' '));
    return true;
  });
  assert.equal(items[0], '• Signing a new Implementation Arrangement for a Research Agency Partnership between the National Science Foundation and Indian science agencies to expand collaboration.');
  // "marine research" stops well short of its item's first line: the capitalized line after it is not the item's.
  assert.equal(items[1], '• Holding a dialogue on energy policy in marine research');
});

test('a sentence wrapped before a number goes on; a numbered line after a finished one opens a section', () => {
  const text = 'The leaders will limit the temperature increase to\n1.5 degrees Celsius by 2030.\n2. Energy\n\nThe ministries will meet.\n';
  const root = buildTree({ text });
  const sections: string[] = [];
  walk(root, (n) => {
    if (n.type === 'section') sections.push(`${n.number} ${n.title}`);
    return true;
  });
  assert.deepEqual(sections, ['2. Energy']);
  const first = root.children[0]!;
  assert.equal(text.slice(first.span.start, first.span.end), 'The leaders will limit the temperature increase to\n1.5 degrees Celsius by 2030.');
});

test('lists nest at most MAX_LIST_DEPTH deep; deeper items stay, as siblings at the last level', () => {
  const items = 5000;
  const text = Array.from({ length: items }, (_, i) => `${'  '.repeat(i)}- Japan will cooperate (${i}).`).join('\n') + '\n';
  const root = buildTree({ text });
  let depth = 0;
  let found = 0;
  const visit = (node: TreeNode, lists: number): void => {
    if (node.type === 'list') depth = Math.max(depth, lists + 1);
    if (node.type === 'listItem') found++;
    for (const child of 'children' in node ? (node.children as TreeNode[]) : []) visit(child, lists + (node.type === 'list' ? 1 : 0));
  };
  for (const child of root.children) visit(child, 0);
  assert.equal(depth, MAX_LIST_DEPTH);
  assert.equal(found, items, 'no item is lost');
  checkSpans(text, root);
});

test('row-group labels of a flattened table become sections one level down', () => {
  const text = '1. Energy\n\nObjectives\tAction\t\nBilateral level\t\t\nStrengthen ties.\tHold talks.\t\nCo\toperation in fora\t\nSupport the IEA.\t\n';
  const root = buildTree({ text });
  const energy = root.children[0];
  assert.ok(energy && energy.type === 'section');
  const groups = energy.children.filter((c) => c.type === 'section');
  assert.deepEqual(groups.map((g) => g.type === 'section' && [g.title, g.level, g.kind]), [
    ['Bilateral level', 2, 'rowGroup'],
    ['Cooperation in fora', 2, 'rowGroup'],
  ]);
});

test('lettered items opened by a bold run-in label are sub-sections of the section they are in', () => {
  const text = [
    '1.  **Ocean research:**  The two sides intend to pool survey ships.',
    '    -   a\\. **Data sharing:**  The two sides intend to publish survey data',
    '        within a year.',
    '    -   b) **Training:** The two sides will train ten crews.',
    '    -   (c) **Review:** The two sides will review the survey each spring.',
    '2.  **Fisheries:**  The two sides will hold yearly talks on quotas.',
    '    -   (d) Ports: Open two ports to research vessels.',
    '    -   **Patrols:** Conduct joint patrols.',
    '',
  ].join('\n');
  const root = buildTree({ text });
  checkSpans(text, root);
  const sections: [string | null, string | null, number][] = [];
  walk(root, (n) => {
    if (n.type === 'section') sections.push([n.number, n.title, n.level]);
    return true;
  });
  // The numbered label after the lettered ones is again a sibling of the first; a label in plain type or without a
  // letter stays part of its item.
  assert.deepEqual(sections, [
    ['1.', 'Ocean research', 1],
    ['a.', 'Data sharing', 2],
    ['b)', 'Training', 2],
    ['(c)', 'Review', 2],
    ['2.', 'Fisheries', 1],
  ]);
  const ocean = root.children[0];
  assert.ok(ocean && ocean.type === 'section');
  const dataSharing = ocean.children.find((c) => c.type === 'section');
  assert.ok(dataSharing && dataSharing.type === 'section');
  const body = dataSharing.children[0]!;
  assert.equal(text.slice(body.span.start, body.span.end).replace(/\s+/g, ' '), 'The two sides intend to publish survey data within a year.');
});

test('the builder never throws and keeps every span valid on generated documents', () => {
  const line = fc.oneof(
    fc.constantFrom('', '# ', '1. Heading', '2.1 Sub heading', '## (3) Title', '- item;', ' - nested:', 'a) lettered', '➤ arrow',
      'Objectives\tAction', 'Label\t\t', 'Sentence one. Sentence two.', 'For the\nMinistry', '日本国と協力する。', '\t\t', '•\t•'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
      const text = lines.join('\n');
      checkSpans(text, buildTree({ text }));
    }),
    { numRuns: 300 },
  );
});

test('fixture documents keep every span valid', () => {
  for (const name of ['nested-lists/input.txt', 'flattened-table/input.txt', 'prose-sections/input.txt', 'markdown-subheadings/input.md', 'japanese/input.txt']) {
    const text = readFileSync(`${fixtures}extract/${name}`, 'utf8');
    checkSpans(text, buildTree({ text }));
  }
});

/** The sections of a text as "number title". */
function sectionsOf(text: string): string[] {
  const out: string[] = [];
  walk(buildTree({ text }), (n) => {
    if (n.type === 'section') out.push(`${n.number ?? '-'} ${n.title ?? ''}`);
    return true;
  });
  return out;
}

test('a numbered paragraph cut off by the end of an excerpt heads nothing: no section', () => {
  const text = [
    'Ruritania-Freedonia Joint Statement',
    '',
    'I. The two Prime Ministers met in Strelsau and held talks on bilateral and regional issues.',
    '',
    'II. The leaders acknowledged the importance of regular engagement between ministers and officials in support of the',
    '',
  ].join('\n');
  assert.deepEqual(sectionsOf(text), []);
});

test('a date line is no heading, with its weekday or with its day read as a number', () => {
  const text = [
    'Ruritania-Freedonia Joint Statement',
    '',
    'Saturday, January 25, 2031',
    '',
    '14 September 2031',
    '',
    'Common Vision',
    '',
    'The two ministers will meet in Strelsau every year.',
    '',
  ].join('\n');
  assert.deepEqual(sectionsOf(text), ['- Common Vision']);
});

test('a heading over a sentence cut off by the end of an excerpt stays a heading', () => {
  const text = [
    'Joint Statement of Ruritania and Freedonia',
    '',
    'Maritime cooperation',
    '',
    'We will hold annual talks between our coast guards.',
    '',
    'Security cooperation',
    '',
    'We stand together in condemning the unprovoked invasion of Gr',
    '',
  ].join('\n');
  assert.deepEqual(sectionsOf(text), ['- Maritime cooperation', '- Security cooperation']);
});

test('an excerpt that opens mid-text with a run of sentences is body text, not a subtitle', () => {
  const sentence = 'Ruritania and Freedonia will promote timely exchanges of information and analysis on regional affairs. ';
  const text = `partnership to the next level. ${sentence.repeat(4)}Freedonia welcomes the commitment of Ruritania to secur\n`;
  const roles: string[] = [];
  walk(buildTree({ text }), (n) => {
    if (n.type === 'paragraph') roles.push(n.role);
    return true;
  });
  assert.deepEqual(roles, ['body']);
});
