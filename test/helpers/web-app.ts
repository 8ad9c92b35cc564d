// One seeded register and app per test file (PGlite takes seconds to create, so tests share it).
import { createApp } from '../../src/server.js';
import { DraftStore } from '../../src/ops/drafts.js';
import { openAppRegister, type OpenedRegister } from '../../src/ops/open-register.js';
import { planStore } from '../../src/ops/plan-store.js';
import { loadVocabulary } from '../../src/vocab/index.js';
import { makeExtraction, type PlanSpec } from '../store/fixture.js';
import type { Hono } from 'hono';

export interface TestApp {
  app: Hono;
  opened: OpenedRegister;
  /** The app's upload drafts, so tests can stage a review without running the extractor. */
  drafts: DraftStore;
}

/** Three partnerships with themes, strengths and actors that overlap, so filters, facets and similarity have work to do. */
export const fixturePlans: PlanSpec[] = [
  {
    title: 'Action Plan between Japan and Denmark 2023-2026',
    parties: ['DK', 'JP'],
    period: ['2023', '2026-12'],
    signed: '2023-03-02',
    commitments: [
      { text: 'The two sides will hold an annual energy policy dialogue on offshore wind and green hydrogen.', strength: 'firm', themes: ['energy'], actors: ['JP:meti'] },
      { text: 'The two sides will strengthen cooperation on green shipping and maritime decarbonisation.', themes: ['maritime', 'climate'], actors: ['JP:mlit'] },
      { text: 'The two sides will explore the possibility of joint research on quantum technology.', strength: 'exploratory', themes: ['science'] },
    ],
  },
  {
    title: 'Action Plan between Japan and Poland 2025-2029',
    parties: ['JP', 'PL'],
    period: ['2025', '2029'],
    signed: '2025-01-15',
    commitments: [
      { text: 'The two sides will hold an annual energy policy dialogue on nuclear power and hydrogen.', strength: 'firm', themes: ['energy'], actors: ['JP:meti'] },
      { text: 'The two sides will promote exchanges between universities and students.', themes: ['education'], actors: ['JP:mext'] },
      { text: 'The two sides will cooperate in cyber security and countering disinformation.', themes: ['security', 'digital'] },
    ],
  },
  {
    title: 'Joint Working Plan between Japan and Germany on ICT 2023-2024',
    parties: ['DE', 'JP'],
    period: ['2023', '2024'],
    signed: '2023-05-01',
    kind: 'joint_working_plan',
    commitments: [
      { text: 'The ministries will exchange views on secure 5G networks and open RAN.', themes: ['digital'], actors: ['JP:mic'] },
      { text: 'The ministries will consider joint testbeds for innovative technologies.', strength: 'exploratory', themes: ['digital', 'science'], actors: ['JP:mic'] },
    ],
  },
];

/**
 * A fresh in-memory register and the app over it; `close()` it after the file. `seed: 'fixtures'` (default)
 * stores the plans above, `'demo'` loads the demo seeds through the extractor, `'none'` leaves it empty.
 */
export async function seededApp(options: { seed?: 'fixtures' | 'demo' | 'none'; maxUploadBytes?: number } = {}): Promise<TestApp> {
  const opened = await openAppRegister({ memory: true, env: {} });
  const seed = options.seed ?? 'fixtures';
  if (seed === 'demo') await opened.register.loadDemo();
  if (seed === 'fixtures') {
    for (const spec of fixturePlans) {
      const { extraction, bytes } = makeExtraction(spec);
      await planStore(opened.store, extraction, bytes, { actor: 'test' });
    }
  }
  const drafts = new DraftStore();
  const app = createApp({
    register: opened.register,
    store: opened.store,
    vocabulary: loadVocabulary(),
    drafts,
    maxUploadBytes: options.maxUploadBytes ?? 1024 * 1024,
    now: () => new Date('2026-06-01T00:00:00Z'),
  });
  return { app, opened, drafts };
}
