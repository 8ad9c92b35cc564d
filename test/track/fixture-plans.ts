// Loads the seed plans of test/fixtures/readouts/candidates.json as TrackedPlans (no updates, no meetings yet).
import { readFileSync } from 'node:fs';
import type { Cadence, Strength } from '../../src/types.js';
import type { TrackedPlan } from '../../src/track/model.js';

interface FixtureCandidate {
  id: string;
  kind: 'commitment' | 'mechanism';
  planId: string;
  text: string;
  cadence?: Cadence;
  section?: string | null;
  strength?: Strength;
  parentId?: string | null;
}

export function fixturePlans(): TrackedPlan[] {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/readouts/candidates.json', import.meta.url), 'utf8')) as {
    candidates: FixtureCandidate[];
    plans: Omit<TrackedPlan, 'commitments' | 'mechanisms'>[];
  };
  return fixture.plans.map((plan) => ({
    ...plan,
    title: plan.title ?? plan.id,
    commitments: fixture.candidates
      .filter((c) => c.planId === plan.id && c.kind === 'commitment')
      .map((c) => ({ id: c.id, text: c.text, section: c.section ?? null, strength: c.strength ?? 'intent', parentId: c.parentId ?? null, status: 'not_started', updates: [] })),
    mechanisms: fixture.candidates
      .filter((c) => c.planId === plan.id && c.kind === 'mechanism')
      .map((c) => ({ id: c.id, name: c.text, cadence: c.cadence ?? 'unspecified', meetings: [] })),
  }));
}
