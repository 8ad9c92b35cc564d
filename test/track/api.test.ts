// The tracking routes over a seeded in-memory register: status, meetings, calendar, readout linking,
// review and diff, with problem+json on misuse.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, type TestApp } from '../helpers/web-app.js';

let t: TestApp;
before(async () => {
  t = await seededApp();
});
after(async () => t.opened.close());

const request = (path: string, init: RequestInit = {}) =>
  t.app.request(path, { ...init, headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1', ...(init.headers ?? {}) } });

async function polandPlan() {
  const plans = (await (await request('/api/plans')).json()) as { items: { id: string; parties: string[] }[] };
  const plan = plans.items.find((p) => p.parties.includes('PL'))!;
  return (await (await request(`/api/plans/${encodeURIComponent(plan.id)}`)).json()) as { id: string; commitments: { id: string; text: string }[] };
}

test('status: record an update, read the history, refuse a broken rule as problem+json', async () => {
  const plan = await polandPlan();
  const id = encodeURIComponent(plan.commitments[0]!.id);
  const created = await request(`/api/commitments/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'in_progress_limited', note: 'Dialogue prepared', date: '2026-05-01', evidence: ['https://example.org/r'] }) });
  assert.equal(created.status, 201);
  const history = (await (await request(`/api/commitments/${id}/status`)).json()) as { status: string; updates: { author: string }[] };
  assert.equal(history.status, 'in_progress_limited');
  assert.equal(history.updates[0]!.author, 'local@localhost');
  const refused = await request(`/api/commitments/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'not_started', note: 'x' }) });
  assert.equal(refused.status, 400);
  assert.match(refused.headers.get('Content-Type') ?? '', /application\/problem\+json/);
  assert.equal(((await refused.json()) as { code: string }).code, 'invalid-request');
  assert.equal((await request('/api/commitments/nope/status')).status, 404);
});

test('meetings, calendar, readout linking with a decision, review and diff', async () => {
  const plan = await polandPlan();
  const due = (await (await request('/api/meetings')).json()) as { items: { mechanismId: string }[] };
  assert.ok(Array.isArray(due.items));
  const ics = await request('/api/calendar.ics');
  assert.match(ics.headers.get('Content-Type') ?? '', /text\/calendar/);
  assert.ok((await ics.text()).startsWith('BEGIN:VCALENDAR\r\n'));

  const readout = 'Warsaw, 12 May 2026. Japan and Poland held an annual energy policy dialogue on nuclear power and hydrogen.';
  const linked = (await (await request('/api/readouts', { method: 'POST', body: JSON.stringify({ name: 'readout.txt', text: readout, planId: plan.id }) })).json()) as { proposals: { id: number; candidateId: string }[] };
  assert.ok(linked.proposals.length >= 1);
  const decided = await request(`/api/link-proposals/${linked.proposals[0]!.id}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'accept' }) });
  assert.equal(decided.status, 200);
  const again = await request(`/api/link-proposals/${linked.proposals[0]!.id}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject' }) });
  assert.equal(again.status, 400);

  const html = await request(`/api/plans/${encodeURIComponent(plan.id)}/review?from=2026-01-01&to=2026-05-31`);
  assert.equal(html.status, 200);
  assert.ok((await html.text()).includes('<svg'));
  const docx = await request(`/api/plans/${encodeURIComponent(plan.id)}/review?format=docx`);
  assert.equal(docx.headers.get('Content-Type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal((await request(`/api/plans/${encodeURIComponent(plan.id)}/review?from=2026-13-01`)).status, 400);
  const portfolio = await request('/api/portfolio/review?format=md');
  assert.ok((await portfolio.text()).startsWith('# Portfolio report'));
  const diff = (await (await request(`/api/diff?old=${encodeURIComponent(plan.id)}&new=${encodeURIComponent(plan.id)}`)).json()) as { diff: { carried: unknown[] } };
  assert.equal(diff.diff.carried.length, plan.commitments.length);
});

test('web: tracking page, a readout pasted and a proposal accepted, a status recorded', async () => {
  const page = await t.app.request('/tracking', { headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes('/api/calendar.ics') && html.includes('action="/tracking/link"'));
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', 'X-Kizuna-Request': '1' },
    body: new URLSearchParams(fields).toString(),
  });
  const posted = await t.app.request('http://localhost/tracking/link', form({ name: 'r.txt', text: '令和8年2月3日、日本とポーランドは大学間の学生交流の促進について協議を開催した。The two sides promoted exchanges between universities and students.' }));
  assert.equal(posted.status, 303);
  const proposals = await t.app.request(`http://localhost${posted.headers.get('Location')}`, { headers: { Accept: 'text/html' } });
  const listing = await proposals.text();
  assert.ok(listing.includes('universities'), 'the matching passage is shown');
  const plan = await polandPlan();
  const commitment = plan.commitments.find((c) => c.text.includes('universities'))!;
  assert.ok(listing.includes(`href="/commitments/${encodeURIComponent(commitment.id)}"`) && listing.includes(commitment.text.slice(0, 40)), 'a proposal is named by its commitment text, linked to its page');
  const path = `http://localhost/commitments/${encodeURIComponent(commitment.id)}`;
  const saved = await t.app.request(`${path}/progress`, form({ status: 'in_progress_substantial', note: 'Exchange <b>week</b> held', date: '2026-02-03' }));
  assert.equal(saved.status, 303);
  // the old status page is folded into the commitment page
  const old = await t.app.request(`http://localhost/tracking/commitments/${encodeURIComponent(commitment.id)}`, { headers: { Accept: 'text/html' } });
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('Location'), `/commitments/${encodeURIComponent(commitment.id)}#h-progress`);
  const history = await (await t.app.request(path, { headers: { Accept: 'text/html' } })).text();
  assert.ok(history.includes('Exchange &lt;b&gt;week&lt;/b&gt; held'), 'notes are rendered as text');
});
