// The annual review a coordinator brings to the annual consultation: progress by area, commitments
// without any update, mechanisms that did not meet as promised, instruments signed; and a portfolio
// report across partnerships. Rendered as print-ready HTML (inline SVG charts) and Markdown; DOCX in review-docx.ts.
import { STATUSES, STATUS_LABELS, type ImplementationStatus } from './status.js';
import { boundDay, nextDue, type CadenceOptions } from './cadence.js';
import type { Meeting, TrackedCommitment, TrackedInstrument, TrackedPlan } from './model.js';

export interface Period {
  from: string;
  to: string;
}

export type StatusCounts = Record<ImplementationStatus, number>;

export interface AreaProgress {
  area: string;
  total: number;
  counts: StatusCounts;
}

export interface MissedMechanism {
  id: string;
  name: string;
  cadence: string;
  lastMeeting: string | null;
  dueBy: string | null;
}

export interface ReviewModel {
  plan: { id: string; title: string; parties: string[]; period: { start: string | null; end: string | null } };
  period: Period;
  /** Commitments counted: lead-ins that only introduce nested commitments are left out (their children count). */
  total: number;
  overall: StatusCounts;
  byArea: AreaProgress[];
  withoutUpdate: { id: string; text: string; area: string }[];
  updatesInPeriod: { commitmentId: string; text: string; status: ImplementationStatus; date: string; note: string; author: string }[];
  meetingsHeld: (Meeting & { mechanism: string })[];
  mechanismsMissed: MissedMechanism[];
  newInstruments: TrackedInstrument[];
  /** The latest update round opened by the end of the period (for readers of the partnership only). */
  round?: RoundSummary;
}

/** What an update round gathered: answers given, answers owed past the due date, commitments nobody was asked about. */
export interface RoundSummary {
  id: string;
  title: string;
  dueDate: string;
  answered: RoundItem[];
  overdue: RoundItem[];
  notRequested: { id: string; text: string }[];
}

export interface RoundItem {
  commitmentId: string;
  text: string;
  organization: { id: string; name: string; acronym: string | null };
  /** The answer's state: submitted or accepted when answered; none, draft or returned when owed. */
  state: string;
}

const emptyCounts = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The status a commitment had at the end of `day`: its latest update dated on or before it. */
export function statusAt(commitment: TrackedCommitment, day: string): ImplementationStatus {
  let status: ImplementationStatus = 'not_started';
  let latest = '';
  for (const u of commitment.updates) if (u.date <= day && u.date >= latest) [status, latest] = [u.status, u.date];
  return status;
}

const inPeriod = (day: string | null, period: Period) => day !== null && day >= period.from && day <= period.to;

/** Builds the review model of one plan for one period (dates `YYYY-MM-DD`, inclusive). */
export function buildReview(plan: TrackedPlan, period: Period, options: CadenceOptions = {}): ReviewModel {
  if (period.from > period.to) throw new Error(`review period: from ${period.from} is after to ${period.to}`);
  const parents = new Set(plan.commitments.map((c) => c.parentId).filter((p): p is string => p !== null));
  const counted = plan.commitments.filter((c) => !parents.has(c.id));
  const overall = emptyCounts();
  const areas = new Map<string, AreaProgress>();
  const withoutUpdate: ReviewModel['withoutUpdate'] = [];
  const updatesInPeriod: ReviewModel['updatesInPeriod'] = [];
  for (const commitment of counted) {
    const area = commitment.section ?? '(no section)';
    const status = statusAt(commitment, period.to);
    overall[status]++;
    let row = areas.get(area);
    if (!row) areas.set(area, (row = { area, total: 0, counts: emptyCounts() }));
    row.total++;
    row.counts[status]++;
    const updates = commitment.updates.filter((u) => inPeriod(u.date, period));
    if (updates.length === 0) withoutUpdate.push({ id: commitment.id, text: commitment.text, area });
    for (const u of updates) {
      updatesInPeriod.push({ commitmentId: commitment.id, text: commitment.text, status: u.status, date: u.date, note: u.note, author: u.author });
    }
  }
  updatesInPeriod.sort((a, b) => a.date.localeCompare(b.date));
  const schedule = { planStart: boundDay(plan.period.start, 'start'), planEnd: boundDay(plan.period.end, 'end') };
  const mechanismsMissed: MissedMechanism[] = [];
  const meetingsHeld: ReviewModel['meetingsHeld'] = [];
  for (const mechanism of plan.mechanisms) {
    const dates = mechanism.meetings.map((m) => m.date);
    for (const m of mechanism.meetings) if (inPeriod(m.date, period)) meetingsHeld.push({ ...m, mechanism: mechanism.name });
    const due = nextDue({ cadence: mechanism.cadence, meetings: dates, ...schedule }, period.to, options);
    if (due.state === 'overdue') {
      mechanismsMissed.push({ id: mechanism.id, name: mechanism.name, cadence: mechanism.cadence, lastMeeting: due.lastMeeting, dueBy: due.nextDue });
    }
  }
  meetingsHeld.sort((a, b) => a.date.localeCompare(b.date));
  return {
    plan: { id: plan.id, title: plan.title, parties: plan.parties, period: plan.period },
    period,
    total: counted.length,
    overall,
    byArea: [...areas.values()],
    withoutUpdate,
    updatesInPeriod,
    meetingsHeld,
    mechanismsMissed,
    newInstruments: plan.instruments.filter((i) => inPeriod(i.date && i.date.length === 10 ? i.date : null, period)),
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLORS: Record<ImplementationStatus, string> = {
  not_started: '#b8b8b8',
  in_progress_limited: '#f2c14e',
  in_progress_substantial: '#f78154',
  completed: '#2a9d8f',
  ongoing: '#4d9de0',
  withdrawn: '#6c4f70',
};

/** A horizontal stacked bar per row (status shares), as inline SVG with a text legend for print and screen readers. */
function barChart(rows: { label: string; counts: StatusCounts; total: number }[]): string {
  const width = 640;
  const labelWidth = 220;
  const rowHeight = 26;
  const barWidth = width - labelWidth - 40;
  const height = rows.length * rowHeight + 10;
  const parts = rows.map((row, i) => {
    const y = i * rowHeight + 5;
    let x = labelWidth;
    const segments = STATUSES.filter((s) => row.counts[s] > 0).map((s) => {
      const w = row.total ? (row.counts[s] / row.total) * barWidth : 0;
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${COLORS[s]}"><title>${escapeHtml(`${STATUS_LABELS[s].en}: ${row.counts[s]}`)}</title></rect>`;
      x += w;
      return rect;
    });
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    return `<text x="0" y="${y + 14}" font-size="12">${escapeHtml(label)}</text>${segments.join('')}<text x="${labelWidth + barWidth + 6}" y="${y + 14}" font-size="12">${row.total}</text>`;
  });
  return `<svg role="img" aria-label="Status by area" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

const legend = () =>
  `<p class="legend">${STATUSES.map((s) => `<span><i style="background:${COLORS[s]}"></i>${escapeHtml(STATUS_LABELS[s].en)}</span>`).join(' ')}</p>`;

const PRINT_CSS = `
body{font:14px/1.45 system-ui,"Noto Sans JP","Hiragino Sans",sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right}.legend span{margin-right:1rem;white-space:nowrap}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;

function statusTable(rows: { label: string; counts: StatusCounts; total: number }[]): string {
  const head = `<tr><th>Area</th>${STATUSES.map((s) => `<th>${escapeHtml(STATUS_LABELS[s].en)}</th>`).join('')}<th>Total</th></tr>`;
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.label)}</td>${STATUSES.map((s) => `<td class="n">${r.counts[s]}</td>`).join('')}<td class="n">${r.total}</td></tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PRINT_CSS}</style></head><body>${body}</body></html>\n`;
}

const list = <T>(items: T[], render: (item: T) => string, empty: string) =>
  items.length ? `<ul>${items.map((i) => `<li>${render(i)}</li>`).join('')}</ul>` : `<p>${escapeHtml(empty)}</p>`;

/** The review as one self-contained HTML page; every piece of document text is escaped. */
export function reviewToHtml(review: ReviewModel): string {
  const rows = [{ label: 'All commitments', counts: review.overall, total: review.total }, ...review.byArea.map((a) => ({ label: a.area, counts: a.counts, total: a.total }))];
  const title = `Annual review: ${review.plan.title}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Period under review: ${escapeHtml(review.period.from)} to ${escapeHtml(review.period.to)} · Parties: ${escapeHtml(review.plan.parties.join(', '))} · Plan period: ${escapeHtml(review.plan.period.start ?? '?')} to ${escapeHtml(review.plan.period.end ?? '?')}</p>`,
    `<h2>Progress by area</h2>`,
    barChart(rows),
    legend(),
    statusTable(rows),
    `<h2>Meetings held (${review.meetingsHeld.length})</h2>`,
    list(review.meetingsHeld, (m) => `${escapeHtml(m.date)} · ${escapeHtml(m.mechanism)}${m.place ? ` · ${escapeHtml(m.place)}` : ''}${m.level ? ` · ${escapeHtml(m.level)}` : ''}${m.outcome ? `: ${escapeHtml(m.outcome)}` : ''}`, 'No meeting recorded in the period.'),
    `<h2>Mechanisms that did not meet as promised (${review.mechanismsMissed.length})</h2>`,
    list(review.mechanismsMissed, (m) => `${escapeHtml(m.name)} (${escapeHtml(m.cadence)}): last met ${escapeHtml(m.lastMeeting ?? 'never')}, due by ${escapeHtml(m.dueBy ?? '?')}`, 'Every mechanism met as promised.'),
    `<h2>Instruments signed (${review.newInstruments.length})</h2>`,
    list(review.newInstruments, (i) => `${escapeHtml(i.date ?? '')} · ${escapeHtml(i.title)} (${escapeHtml(i.kind)})`, 'No instrument signed in the period.'),
    `<h2>Progress updates (${review.updatesInPeriod.length})</h2>`,
    list(review.updatesInPeriod, (u) => `${escapeHtml(u.date)} · <strong>${escapeHtml(STATUS_LABELS[u.status].en)}</strong> · ${escapeHtml(u.text)}: ${escapeHtml(u.note)} (${escapeHtml(u.author)})`, 'No update in the period.'),
    `<h2>Commitments without any update (${review.withoutUpdate.length})</h2>`,
    list(review.withoutUpdate, (c) => `${escapeHtml(c.text)} <small>(${escapeHtml(c.area)})</small>`, 'Every commitment has an update.'),
    ...(review.round ? roundHtml(review.round) : []),
  ];
  return page(title, body.join('\n'));
}

function roundHtml(round: RoundSummary): string[] {
  const item = (i: RoundItem) => `${escapeHtml(i.text)} <small>(${escapeHtml(i.organization.name)}, ${escapeHtml(i.state)})</small>`;
  return [
    `<h2>Update round: ${escapeHtml(round.title)} (due ${escapeHtml(round.dueDate)})</h2>`,
    `<h3>Answered (${round.answered.length})</h3>`,
    list(round.answered, item, 'None.'),
    `<h3>Overdue (${round.overdue.length})</h3>`,
    list(round.overdue, item, 'None.'),
    `<h3>Not requested (${round.notRequested.length})</h3>`,
    list(round.notRequested, (c) => escapeHtml(c.text), 'None.'),
  ];
}

/** Markdown: pipes and line breaks in cells are escaped so tables hold. */
const md = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').replace(/([*_`[\]<>#])/g, '\\$1');

export function reviewToMarkdown(review: ReviewModel): string {
  const rows = [{ label: 'All commitments', counts: review.overall, total: review.total }, ...review.byArea.map((a) => ({ label: a.area, counts: a.counts, total: a.total }))];
  const out = [
    `# Annual review: ${md(review.plan.title)}`,
    '',
    `Period under review: ${review.period.from} to ${review.period.to}. Parties: ${review.plan.parties.join(', ')}.`,
    '',
    '## Progress by area',
    '',
    `| Area | ${STATUSES.map((s) => STATUS_LABELS[s].en).join(' | ')} | Total |`,
    `|---|${STATUSES.map(() => '---:').join('|')}|---:|`,
    ...rows.map((r) => `| ${md(r.label)} | ${STATUSES.map((s) => r.counts[s]).join(' | ')} | ${r.total} |`),
    '',
    `## Meetings held (${review.meetingsHeld.length})`,
    '',
    ...(review.meetingsHeld.length ? review.meetingsHeld.map((m) => `- ${m.date}: ${md(m.mechanism)}${m.place ? `, ${md(m.place)}` : ''}${m.outcome ? `: ${md(m.outcome)}` : ''}`) : ['None recorded.']),
    '',
    `## Mechanisms that did not meet as promised (${review.mechanismsMissed.length})`,
    '',
    ...(review.mechanismsMissed.length ? review.mechanismsMissed.map((m) => `- ${md(m.name)} (${m.cadence}): last met ${m.lastMeeting ?? 'never'}, due by ${m.dueBy ?? '?'}`) : ['None.']),
    '',
    `## Instruments signed (${review.newInstruments.length})`,
    '',
    ...(review.newInstruments.length ? review.newInstruments.map((i) => `- ${i.date}: ${md(i.title)} (${i.kind})`) : ['None.']),
    '',
    `## Progress updates (${review.updatesInPeriod.length})`,
    '',
    ...(review.updatesInPeriod.length ? review.updatesInPeriod.map((u) => `- ${u.date} **${STATUS_LABELS[u.status].en}**: ${md(u.text)}: ${md(u.note)} (${md(u.author)})`) : ['None.']),
    '',
    `## Commitments without any update (${review.withoutUpdate.length})`,
    '',
    ...(review.withoutUpdate.length ? review.withoutUpdate.map((c) => `- ${md(c.text)} (${md(c.area)})`) : ['None.']),
    '',
    ...(review.round ? roundMarkdown(review.round) : []),
  ];
  return out.join('\n');
}

function roundMarkdown(round: RoundSummary): string[] {
  const items = (list: RoundItem[]) => (list.length ? list.map((i) => `- ${md(i.text)} (${md(i.organization.name)}, ${i.state})`) : ['None.']);
  return [
    `## Update round: ${md(round.title)} (due ${round.dueDate})`,
    '',
    `### Answered (${round.answered.length})`,
    '',
    ...items(round.answered),
    '',
    `### Overdue (${round.overdue.length})`,
    '',
    ...items(round.overdue),
    '',
    `### Not requested (${round.notRequested.length})`,
    '',
    ...(round.notRequested.length ? round.notRequested.map((c) => `- ${md(c.text)}`) : ['None.']),
    '',
  ];
}

// ---------------------------------------------------------------------------------------------
// Portfolio: one row per plan

export interface PortfolioRow {
  planId: string;
  title: string;
  parties: string[];
  total: number;
  overall: StatusCounts;
  withoutUpdate: number;
  mechanismsMissed: number;
  meetingsHeld: number;
}

export function buildPortfolio(plans: TrackedPlan[], period: Period, options: CadenceOptions = {}): PortfolioRow[] {
  return plans.map((plan) => {
    const r = buildReview(plan, period, options);
    return {
      planId: plan.id,
      title: plan.title,
      parties: plan.parties,
      total: r.total,
      overall: r.overall,
      withoutUpdate: r.withoutUpdate.length,
      mechanismsMissed: r.mechanismsMissed.length,
      meetingsHeld: r.meetingsHeld.length,
    };
  });
}

export function portfolioToHtml(rows: PortfolioRow[], period: Period): string {
  const title = `Portfolio report ${period.from} to ${period.to}`;
  const chartRows = rows.map((r) => ({ label: `${r.parties.join('–')}: ${r.title}`, counts: r.overall, total: r.total }));
  const table = `<table><tr><th>Plan</th><th>Commitments</th><th>Without update</th><th>Meetings held</th><th>Mechanisms overdue</th></tr>${rows
    .map((r) => `<tr><td>${escapeHtml(r.parties.join('–'))}: ${escapeHtml(r.title)}</td><td class="n">${r.total}</td><td class="n">${r.withoutUpdate}</td><td class="n">${r.meetingsHeld}</td><td class="n">${r.mechanismsMissed}</td></tr>`)
    .join('')}</table>`;
  return page(title, `<h1>${escapeHtml(title)}</h1><h2>Status by plan</h2>${barChart(chartRows)}${legend()}${statusTable(chartRows)}<h2>Follow-up</h2>${table}`);
}

export function portfolioToMarkdown(rows: PortfolioRow[], period: Period): string {
  return [
    `# Portfolio report ${period.from} to ${period.to}`,
    '',
    `| Plan | Commitments | ${STATUSES.map((s) => STATUS_LABELS[s].en).join(' | ')} | Without update | Meetings held | Mechanisms overdue |`,
    `|---|---:|${STATUSES.map(() => '---:').join('|')}|---:|---:|---:|`,
    ...rows.map((r) => `| ${md(`${r.parties.join('–')}: ${r.title}`)} | ${r.total} | ${STATUSES.map((s) => r.overall[s]).join(' | ')} | ${r.withoutUpdate} | ${r.meetingsHeld} | ${r.mechanismsMissed} |`),
    '',
  ].join('\n');
}
