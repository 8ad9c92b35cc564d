// Visibility: public items for everyone, shared ones for both sides of the partnership, internal ones for one side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRead, PUBLIC, readScope, type Principal, type VisibleItem } from '../../src/auth/principal.js';

const coordinator = (partnershipId: string, side: string): Principal => ({
  account: { id: `a-${side}`, email: `${side}@example.org`, name: side, language: 'en' },
  grants: [{ role: 'coordinator', partnershipId, side, organizationId: null }],
});
const admin: Principal = { account: { id: 'a-admin', email: 'admin@example.org', name: 'Admin', language: 'ja' }, grants: [{ role: 'admin', partnershipId: null, side: null, organizationId: null }] };
const item = (visibility: VisibleItem['visibility'], side: string | null = 'JP', partnershipId: string | null = 'JP-PL'): VisibleItem => ({ partnershipId, side, visibility });

test('public items are read by everyone, the public included', () => {
  assert.equal(canRead(PUBLIC, item('public')), true);
  assert.equal(canRead(coordinator('DK-JP', 'DK'), item('public')), true);
});

test('shared items are read on both sides of their partnership and nowhere else', () => {
  assert.equal(canRead(coordinator('JP-PL', 'PL'), item('shared')), true);
  assert.equal(canRead(coordinator('JP-PL', 'JP'), item('shared')), true);
  assert.equal(canRead(coordinator('DK-JP', 'JP'), item('shared')), false);
  assert.equal(canRead(PUBLIC, item('shared')), false);
});

test('internal items are read on their own side only; administrators read everything', () => {
  assert.equal(canRead(coordinator('JP-PL', 'JP'), item('internal')), true);
  assert.equal(canRead(coordinator('JP-PL', 'PL'), item('internal')), false);
  assert.equal(canRead(coordinator('JP-PL', 'JP'), item('internal', null)), false);
  assert.equal(canRead(admin, item('internal', 'PL')), true);
  assert.deepEqual(readScope(admin), { all: true });
});

test('the read scope lists each partnership side once', () => {
  const p: Principal = { ...coordinator('JP-PL', 'JP'), grants: [...coordinator('JP-PL', 'JP').grants, { role: 'contributor', partnershipId: 'JP-PL', side: 'JP', organizationId: 'JP:meti' }] };
  assert.deepEqual(readScope(p), { all: false, sides: [{ partnershipId: 'JP-PL', side: 'JP' }] });
});
