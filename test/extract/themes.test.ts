// Theme assignment: whole-word cues, phrases, Japanese cues, one assignment per theme; and the taxonomy file's shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assignThemes } from '../../src/extract/themes.js';
import type { Theme } from '../../src/vocab/index.js';

const themes = JSON.parse(readFileSync(new URL('../../src/vocab/themes.json', import.meta.url), 'utf8')) as Theme[];

describe('assignThemes', () => {
  it('assigns each theme once, with the first cue in reading order', () => {
    assert.deepEqual(assignThemes('Promote Offshore Wind, hydrogen and renewables.', themes), [{ theme: 'energy', cue: 'offshore wind' }]);
  });

  it('matches whole words only', () => {
    assert.deepEqual(assignThemes('The minister said so.', themes), []);
    assert.deepEqual(assignThemes('Cooperation on AI safety', themes), [{ theme: 'digital_ict', cue: 'ai' }]);
  });

  it('treats hyphens and ampersands as word breaks, as the cues do', () => {
    const found = assignThemes('Exchanges between the Self-Defense Forces and R&D institutes', themes).map((a) => a.theme);
    assert.deepEqual(found, ['security_defence', 'science_research']);
  });

  it('finds Japanese cues inside unspaced text', () => {
    assert.deepEqual(assignThemes('水素エネルギーの分野で協力を強化する。', themes), [{ theme: 'energy', cue: '水素' }]);
  });

  it('orders themes as the text first touches them', () => {
    const found = assignThemes('Joint research on semiconductors and climate', themes).map((a) => a.theme);
    assert.deepEqual(found, ['science_research', 'economic_security', 'climate_environment']);
  });
});

describe('themes.json', () => {
  it('has about twenty themes with English and Japanese labels and lower-case cues', () => {
    assert.ok(themes.length >= 18 && themes.length <= 25);
    assert.equal(new Set(themes.map((t) => t.id)).size, themes.length);
    for (const theme of themes) {
      assert.ok(theme.label.en && theme.label.ja, theme.id);
      assert.ok(theme.cues.length > 0, theme.id);
      for (const cue of theme.cues) assert.equal(cue, cue.toLowerCase(), `${theme.id}: ${cue}`);
    }
  });
});
