// HTML to text: the block shapes the tree builder reads, and page chrome left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHtml } from '../../src/ingest/from-html.js';

const render = (html: string): string => fromHtml(html).text;

test('headings, paragraphs and line breaks', () => {
  assert.equal(
    render('<h1>Joint Statement</h1><p>Japan and  Norway\n will <em>cooperate</em>.</p><p>Line one<br>line two</p><h3>1.1 Energy</h3>'),
    '# Joint Statement\n\nJapan and Norway will cooperate.\n\nLine one\nline two\n\n### 1.1 Energy\n',
  );
});

test('ordered lists follow type, start and value; nested lists indent two spaces a level', () => {
  const html = `<ol type="a"><li>hold consultations by:
      <ul><li>meetings of officials;</li><li>workshops</li></ul></li>
    <li>explore cooperation</li></ol>
    <ol start="3"><li>third</li><li value="7">seventh</li><li>eighth</li></ol>
    <ol type="i"><li>one</li><li>two</li></ol>`;
  assert.equal(
    render(html),
    'a) hold consultations by:\n  - meetings of officials;\n  - workshops\nb) explore cooperation\n\n3. third\n7. seventh\n8. eighth\n\ni) one\nii) two\n',
  );
});

test('a list item with several paragraphs continues under its marker', () => {
  assert.equal(render('<ul><li><p>First part.</p><p>Second part.</p></li></ul>'), '- First part.\n  Second part.\n');
});

test('tables: one line per row, TAB between cells, empty cells kept', () => {
  const html = `<table><tr><th>Objectives</th><th>Action</th></tr>
    <tr><td><p>Strengthen cooperation.</p><p>More.</p></td><td>Hold a dialogue.</td></tr>
    <tr><td></td><td>Only the second cell</td></tr></table>`;
  assert.equal(render(html), 'Objectives\tAction\nStrengthen cooperation. More.\tHold a dialogue.\n\tOnly the second cell\n');
});

test('entities are decoded and a fully bold paragraph is marked as such', () => {
  assert.equal(render('<p>R&amp;D &ndash; Japan&#8211;EU&nbsp;ties</p><p><strong>FOR THE GOVERNMENT OF JAPAN</strong></p>'), 'R&D – Japan–EU\u00a0ties\n\n**FOR THE GOVERNMENT OF JAPAN**\n');
});

test('chrome is dropped by tag, role, class and id; main content wins', () => {
  const html = `<html><head><title>t</title><style>p{}</style></head><body>
    <div class="cookie-banner">We use cookies</div>
    <div role="navigation"><a>Home</a></div>
    <header><p>Ministry banner</p></header>
    <div id="breadcrumbs">Home › Europe</div>
    <main><article><header><h1>Action Plan</h1></header>
      <p>The parties will cooperate.</p>
      <ul class="share-links"><li>Share on X</li></ul>
      <p hidden>Hidden text</p><p style="display: none">Also hidden</p>
      <footer><p>Signed in Tokyo</p></footer></article></main>
    <div class="site-footer">Copyright</div><script>track()</script>
  </body></html>`;
  assert.equal(render(html), '# Action Plan\n\nThe parties will cooperate.\n\nSigned in Tokyo\n');
});

test('without <main> or <article> the whole body is read, chrome still dropped', () => {
  assert.equal(render('<body><nav>Menu</nav><div>Text one</div><div>Text two</div><footer>Footer</footer></body>'), 'Text one\nText two\n');
});

test('preformatted text keeps its lines', () => {
  assert.equal(render('<pre>a  b\n  c</pre>'), 'a  b\n  c\n');
});
