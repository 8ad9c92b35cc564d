// The leak test: a distinct marker is planted at each visibility level (internal to Japan's side, internal to
// Poland's side, shared, public, an unpublished plan), then every GET page and API route (taken from the route
// table and the page list, not written out by hand) is crawled as each role. A marker above the role's level
// must never appear; every marker the role may read must appear somewhere (so the test fails both ways).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { Hono } from 'hono';
import { seededApp, type TestApp } from '../helpers/web-app.js';
import { makeExtraction } from '../store/fixture.js';
import { planStore } from '../../src/ops/plan-store.js';
import { recordUpdate } from '../../src/ops/tracking-status.js';
import { recordMeeting } from '../../src/ops/tracking-meetings.js';
import { publishPlan } from '../../src/ops/visibility.js';
import { answerAssignment, openRound } from '../../src/ops/rounds.js';
import { proposeLinks } from '../../src/ops/tracking-link.js';
import { proposeAmendment } from '../../src/ops/plan-amend.js';
import { decideLineage, renewPlan } from '../../src/ops/lineage.js';
import { apiModules } from '../../src/api/routes/index.js';
import { webPages } from '../../src/web/pages/index.js';
import { readZipEntries } from '../../src/ingest/zip.js';
import { PUBLIC, type Grant, type Principal } from '../../src/auth/principal.js';

/** One marker per level; plain lowercase words, so full-text search finds them too. */
const MARKERS = {
  internalJP: 'zqxinternaljp',
  internalJPmeeting: 'zqxmeetingjp',
  internalJPfile: 'zqxfilejp',
  internalPL: 'zqxinternalpl',
  shared: 'zqxsharedboth',
  public: 'zqxpublicall',
  draft: 'zqxdraftplan',
  /** A readout Japan's coordinator linked: its name, text and the link proposals, internal to Japan's side. */
  proposalJP: 'zqxproposaljp',
  /** An amendment Japan proposed to the unpublished plan: read by whoever may read that plan. */
  amendmentDraft: 'zqxamenddraft',
} as const;
type Marker = keyof typeof MARKERS;

const grant = (role: Grant['role'], partnershipId: string | null, side: string | null, organizationId: string | null = null): Grant => ({ role, partnershipId, side, organizationId });
const person = (name: string, ...grants: Grant[]): Principal => ({ account: { id: name, email: `${name}@example.org`, name, language: 'en' }, grants });

const JP_PL = 'JP-PL';
const ROLES: Record<string, { principal: Principal; reads: Marker[] }> = {
  admin: { principal: person('admin', grant('admin', null, null)), reads: ['internalJP', 'internalJPmeeting', 'internalJPfile', 'internalPL', 'shared', 'public', 'draft', 'proposalJP', 'amendmentDraft'] },
  coordinatorJP: { principal: person('coord-jp', grant('coordinator', JP_PL, 'JP')), reads: ['internalJP', 'internalJPmeeting', 'internalJPfile', 'shared', 'public', 'draft', 'proposalJP', 'amendmentDraft'] },
  coordinatorPL: { principal: person('coord-pl', grant('coordinator', JP_PL, 'PL')), reads: ['internalPL', 'shared', 'public', 'draft', 'amendmentDraft'] },
  coordinatorOther: { principal: person('coord-dk', grant('coordinator', 'DK-JP', 'JP')), reads: ['public'] },
  // Readouts and their link proposals are coordinators' working material (the readout page needs `upload`): a
  // contributor of Japan's side, who may read Japan's internal items, does not reach them.
  contributorJP: { principal: person('meti', grant('contributor', JP_PL, 'JP', 'JP:meti')), reads: ['internalJP', 'internalJPmeeting', 'internalJPfile', 'shared', 'public', 'draft', 'amendmentDraft'] },
  readerPL: { principal: person('reader-pl', grant('reader', JP_PL, 'PL')), reads: ['internalPL', 'shared', 'public', 'draft', 'amendmentDraft'] },
  public: { principal: PUBLIC, reads: ['public'] },
};

interface Planted {
  planIds: string[];
  commitmentIds: string[];
  mechanismIds: string[];
  meetingIds: string[];
  evidence: string[];
  roundIds: string[];
  readoutIds: string[];
  amendmentIds: string[];
}

/** Plants every marker through the ops, as the people who would write them. */
async function plant(t: TestApp): Promise<Planted> {
  const store = t.opened.store;
  const plans = (await t.opened.register.listPlans({}, { limit: 50, offset: 0 })).items;
  const poland = plans.find((p) => p.partnershipId === JP_PL)!;
  for (const p of plans) await publishPlan(store, p.id, true, 'admin');
  const draftSpec = makeExtraction({
    title: `Draft Action Plan between Japan and Poland 2030 ${MARKERS.draft}`,
    parties: ['JP', 'PL'],
    period: ['2030', '2034'],
    commitments: [{ text: `The two sides will negotiate ${MARKERS.draft} cooperation on space.`, themes: ['science'], actors: ['JP:meti'] }],
  });
  const draft = await planStore(store, draftSpec.extraction, draftSpec.bytes, { actor: 'coord-jp' });
  const [c1, c2, c3] = (await t.opened.register.getPlan(poland.id))!.commitments;
  const jp = ROLES.coordinatorJP!.principal;
  const pl = ROLES.coordinatorPL!.principal;
  const now = new Date('2026-06-01T00:00:00Z');
  const file = new TextEncoder().encode(`evidence ${MARKERS.internalJPfile}`);
  await recordUpdate(store, { commitmentId: c1!.id, status: 'in_progress_limited', date: '2026-01-10', note: `Talks ${MARKERS.internalJP}`, evidence: [{ kind: 'file', name: 'memo.txt', bytes: file }], author: 'coord-jp', principal: jp, visibility: 'internal' }, now);
  await recordUpdate(store, { commitmentId: c2!.id, status: 'in_progress_limited', date: '2026-01-10', note: `Exchanges ${MARKERS.internalPL}`, author: 'coord-pl', principal: pl, visibility: 'internal' }, now);
  await recordUpdate(store, { commitmentId: c3!.id, status: 'in_progress_limited', date: '2026-01-10', note: `Joint work ${MARKERS.shared}`, author: 'coord-pl', principal: pl, visibility: 'shared' }, now);
  await recordUpdate(store, { commitmentId: c2!.id, status: 'in_progress_limited', date: '2026-02-10', note: `Announced ${MARKERS.public}`, author: 'coord-jp', principal: jp, visibility: 'public' }, now);
  // Completed at each side's internal level, for "recently done" on the tracking page.
  const report = [{ kind: 'url' as const, url: 'https://example.org/report' }];
  await recordUpdate(store, { commitmentId: c1!.id, status: 'completed', date: '2026-04-10', note: `Completed ${MARKERS.internalJP}`, evidence: report, author: 'coord-jp', principal: jp, visibility: 'internal' }, now);
  await recordUpdate(store, { commitmentId: c3!.id, status: 'completed', date: '2026-04-10', note: `Finished ${MARKERS.internalPL}`, evidence: report, author: 'coord-pl', principal: pl, visibility: 'internal' }, now);
  const mechanism = `${poland.id}:m1`;
  const meeting = await recordMeeting(store, { mechanismId: mechanism, date: '2026-03-01', place: 'Tokyo', participants: `Delegation ${MARKERS.internalJPmeeting}`, author: 'coord-jp', principal: jp, visibility: 'internal' }, now);
  // An update round with METI's answer internal to Japan's side (a draft: only Japan's side and administrators may see it).
  const { round } = await openRound(store, { principal: jp, name: 'coord-jp' }, { planId: poland.id, title: 'Progress for the review', dueDate: '2026-06-30' }, now);
  const meti = person('meti-round', grant('contributor', JP_PL, 'JP', 'JP:meti'));
  const asked = round.assignments.find((a) => a.organization.id === 'JP:meti')!;
  await answerAssignment(store, { principal: meti, name: 'meti@example.org' }, asked.id, { status: 'in_progress_limited', note: `Round answer ${MARKERS.internalJP}`, visibility: 'internal', submit: false }, now);
  const readout = await proposeLinks(store, { name: `readout-${MARKERS.proposalJP}.txt`, bytes: new TextEncoder().encode(`Readout ${MARKERS.proposalJP}. The two sides held the annual energy policy dialogue on nuclear power and hydrogen in Tokyo on 10 January 2026.`) }, { principal: jp, planId: poland.id });
  assert.ok(readout.readoutId && readout.proposals.length, 'the readout proposes links');
  const amendment = await proposeAmendment(store, { principal: jp, name: 'coord-jp' }, { planId: draft.planId!, title: `Extend ${MARKERS.amendmentDraft}`, rationale: 'More time', changes: { period: { end: '2035' } } }, now);
  // The unpublished 2030 plan renews the published one and carries its first commitment over (linked by hand: the
  // texts differ): the published commitment's lineage must not show its draft successor to those who may not read
  // drafts, nor the draft's lineage show the predecessor's updates above the reader's level.
  const admin = { principal: ROLES.admin!.principal, name: 'admin' };
  await renewPlan(store, admin, draft.planId, poland.id);
  await decideLineage(store, admin, draft.planId, { predecessorId: c1!.id, successorId: `${draft.planId}:${draftSpec.extraction.commitments[0]!.id}`, linked: true });
  const { createHash } = await import('node:crypto');
  return {
    planIds: [...plans.map((p) => p.id), draft.planId],
    commitmentIds: [c1!.id, c2!.id, c3!.id, `${draft.planId}:${draftSpec.extraction.commitments[0]!.id}`],
    mechanismIds: [mechanism],
    meetingIds: [meeting.id],
    evidence: [createHash('sha256').update(file).digest('hex')],
    roundIds: [round.id],
    readoutIds: [readout.readoutId!],
    amendmentIds: [amendment.id],
  };
}

/**
 * Every concrete GET address of the route table and the page list: each path parameter is filled with every
 * id of its kind; a parameter this table does not know fails the test, so a new route cannot go uncrawled.
 */
function crawlList(planted: Planted): string[] {
  const values: Record<string, (path: string) => string[]> = {
    id: (path) =>
      /\/(api\/)?plans\//.test(path)
        ? planted.planIds
        : /commitments\//.test(path)
          ? planted.commitmentIds
          : /mechanisms\//.test(path)
            ? planted.mechanismIds
            : /^\/(api\/)?rounds\//.test(path)
              ? planted.roundIds
            : /^\/(api\/)?amendments\//.test(path)
              ? planted.amendmentIds
              : /meetings\//.test(path)
              ? planted.meetingIds
              : /uploads?\//.test(path)
              ? ['no-such-draft']
              : /readouts\//.test(path)
                ? planted.readoutIds
                : [],
    sha256: () => planted.evidence,
  };
  // Query variants a route needs to say anything: formats, a search, both plans of a diff, an audit selection.
  const variants = (path: string): string[] => {
    if (path.endsWith('/review')) return ['?format=html', '?format=md', '?format=docx'];
    if (path === '/api/portfolio/review') return ['?format=html', '?format=md'];
    // Words of the marked texts, not the markers (a page echoes its query): the draft's commitment is about space.
    if (path === '/api/search' || path === '/search') return ['', '?q=space', '?q=negotiate', '?q=cooperation', '?status=in_progress_limited'];
    if (path === '/api/diff') return planted.planIds.flatMap((a) => planted.planIds.map((b) => `?old=${a}&new=${b}`));
    if (path === '/api/audit' || path === '/audit' || path === '/api/audit.csv') return ['', ...planted.planIds.map((p) => `?plan=${p}`)];
    // the tracking page's "recently done" over a year, so the planted updates and meeting fall in it
    if (path === '/tracking') return ['', '?days=365'];
    if (path === '/api/commitments' || path === '/api/commitments.csv') return ['', '?status=in_progress_limited', `?plan=${planted.planIds.at(-1)}`];
    return [''];
  };
  const expand = (path: string): string[] => {
    const name = /[{:](\w+)\}?/.exec(path)?.[1];
    if (!name) return [path];
    const fill = values[name];
    if (!fill) throw new Error(`no values for path parameter ${name} of ${path}: add them to the crawl`);
    const ids = fill(path);
    if (!ids.length) throw new Error(`no values for ${name} of ${path}: add them to the crawl`);
    return ids.flatMap((id) => expand(path.replace(/\{\w+\}|:\w+/, encodeURIComponent(id))));
  };
  const api = apiModules.flatMap((m) => m.routes).filter((r) => r.method === 'get').map((r) => r.path);
  const pages = webPages.filter((p) => p.method === 'get').map((p) => p.path);
  return [...new Set([...api, ...pages])].flatMap((path) => expand(path).flatMap((url) => variants(path).map((q) => url + q)));
}

/** The readable text of a response: DOCX (a ZIP of deflated XML) is unpacked, everything else read as text. */
async function textOf(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return new TextDecoder().decode(bytes);
  const view = Buffer.from(bytes);
  return readZipEntries(bytes)
    .map((e) => {
      const start = e.localHeaderOffset + 30 + view.readUInt16LE(e.localHeaderOffset + 26) + view.readUInt16LE(e.localHeaderOffset + 28);
      const data = view.subarray(start, start + e.compressedSize);
      return (e.method === 8 ? inflateRawSync(data) : data).toString('utf8');
    })
    .join('\n');
}

test('no marker above a role leaks on any page, API listing, search, export, iCal feed or review; every permitted one appears', { timeout: 900_000 }, async () => {
  const t = await seededApp();
  try {
    const planted = await plant(t);
    const urls = crawlList(planted);
    assert.ok(urls.length > 60, `the crawl covers the route table (${urls.length} addresses)`);
    const leaks: string[] = [];
    const found = new Map<string, Set<Marker>>();
    let requests = 0;
    for (const [role, { principal, reads }] of Object.entries(ROLES)) {
      // The asker, as sign-in would set it for every request.
      const app = new Hono();
      app.use('*', async (c, next) => {
        c.set('principal', principal);
        await next();
      });
      app.route('/', t.app);
      const seen = new Set<Marker>();
      for (const url of urls) {
        const response = await app.request(url);
        requests++;
        assert.ok(response.status < 500, `${role} ${url}: ${response.status}`);
        const text = await textOf(response);
        for (const [marker, value] of Object.entries(MARKERS) as [Marker, string][]) {
          if (!text.includes(value)) continue;
          seen.add(marker);
          if (!reads.includes(marker)) leaks.push(`${role} sees ${marker} at ${url}`);
        }
      }
      found.set(role, seen);
    }
    assert.deepEqual(leaks, [], 'no marker above the role');
    for (const [role, { reads }] of Object.entries(ROLES)) {
      assert.deepEqual([...found.get(role)!].sort(), [...reads].sort(), `${role} finds exactly the markers it may read`);
    }
    const planted_ = Object.keys(MARKERS).length;
    const foundTotal = [...found.values()].reduce((n, s) => n + s.size, 0);
    console.log(`leak test: ${planted_} markers planted; ${Object.keys(ROLES).length} roles × ${urls.length} addresses = ${requests} requests; ${foundTotal} (role, marker) sightings, all permitted; 0 leaks`);
  } finally {
    await t.opened.close();
  }
});
