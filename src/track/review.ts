// The annual review a coordinator brings to the annual consultation: progress by area, commitments
// without any update, mechanisms that did not meet as promised, instruments signed; and a portfolio
// report across partnerships. Both rendered in English or Japanese as print-ready HTML (inline SVG charts) and
// Markdown; the review also as DOCX (review-docx.ts).
import { STATUSES, type ImplementationStatus } from './status.js';
import { boundDay, nextDue, type CadenceOptions } from './cadence.js';
import type { Meeting, TrackedCommitment, TrackedInstrument, TrackedPlan } from './model.js';
import { labelsFor, translator, type Labels, type Lang, type MessageKey, type Translator } from '../web/i18n/translator.js';
import { loadVocabulary } from '../vocab/index.js';
import type { RoundOrganizationProgress } from '../types.js';

export type { Lang } from '../web/i18n/translator.js';

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
  /** Commitments carried over from the plan this one renews, no update of their own by the period's end: counted at their predecessor's status. */
  carriedOver: { id: string; text: string; area: string; status: ImplementationStatus; planTitle: string | null }[];
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
  /** Requests made: commitment × organization. */
  asked: number;
  answered: RoundItem[];
  overdue: RoundItem[];
  notRequested: { id: string; text: string }[];
  /** One line per organization asked: requests, answered, accepted, overdue. */
  organizations: RoundOrganizationProgress[];
}

export interface RoundItem {
  commitmentId: string;
  text: string;
  organization: { id: string; name: string; acronym: string | null };
  /** The answer's state: submitted or accepted when answered; not_answered, draft or returned when owed. */
  state: string;
}

/** The area of commitments outside any section (shown as the catalog's "untitled section"). */
export const NO_SECTION = '(no section)';

const emptyCounts = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/**
 * The status a commitment had at the end of `day`: its latest update dated on or before it; before any, where a
 * renewal's commitment starts (its predecessor's last status), else "not started".
 */
export function statusAt(commitment: TrackedCommitment, day: string): ImplementationStatus {
  let status: ImplementationStatus = commitment.startsFrom?.status ?? 'not_started';
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
  const carriedOver: ReviewModel['carriedOver'] = [];
  const updatesInPeriod: ReviewModel['updatesInPeriod'] = [];
  for (const commitment of counted) {
    const area = commitment.section ?? NO_SECTION;
    const status = statusAt(commitment, period.to);
    overall[status]++;
    let row = areas.get(area);
    if (!row) areas.set(area, (row = { area, total: 0, counts: emptyCounts() }));
    row.total++;
    row.counts[status]++;
    const updates = commitment.updates.filter((u) => inPeriod(u.date, period));
    if (updates.length === 0) withoutUpdate.push({ id: commitment.id, text: commitment.text, area });
    if (commitment.startsFrom && !commitment.updates.some((u) => u.date <= period.to)) {
      carriedOver.push({ id: commitment.id, text: commitment.text, area, status, planTitle: commitment.startsFrom.planTitle });
    }
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
    carriedOver,
    updatesInPeriod,
    meetingsHeld,
    mechanismsMissed,
    newInstruments: plan.instruments.filter((i) => inPeriod(i.date && i.date.length === 10 ? i.date : null, period)),
  };
}

// ---------------------------------------------------------------------------------------------
// The review as a document: the model laid out once in the reader's language, from the app's message catalog
// (web/i18n, the same texts as the review page), then written as HTML or Markdown here and as DOCX in
// review-docx.ts, so the three formats say the same thing in the same words.

/** A section of the review: its heading, then a paragraph, a table and/or a list (or the sentence said when empty). */
export interface ReviewBlock {
  heading: string;
  level: 2 | 3;
  paragraph?: string;
  table?: { head: string[]; rows: string[][]; numeric: boolean[] };
  items?: string[];
  /** Said instead of an empty list or table. */
  empty?: string;
  /** Rows of status counts drawn as bars (HTML only; the table beside it has the same figures). */
  chart?: ChartRow[];
}

export interface ReviewDocument {
  lang: Lang;
  title: string;
  /** Period under review · parties · plan period. */
  intro: string;
  /** Status names in the order of the tables, for the chart's legend. */
  statusLabel: (status: ImplementationStatus) => string;
  blocks: ReviewBlock[];
}

interface ChartRow {
  label: string;
  counts: StatusCounts;
  total: number;
}


/** The review laid out in `lang`: every heading, label, date and number as the reader reads them. */
export function layoutReview(review: ReviewModel, lang: Lang = 'en'): ReviewDocument {
  const tr = translator(lang);
  const labels = labelsFor(lang, loadVocabulary(), tr);
  const n = (x: number) => tr.number(x);
  const area = (name: string) => (name === NO_SECTION ? tr.t('plan.untitledSection') : name);
  const rows: ChartRow[] = [{ label: tr.t('review.all'), counts: review.overall, total: review.total }, ...review.byArea.map((a) => ({ label: area(a.area), counts: a.counts, total: a.total }))];
  const blocks: ReviewBlock[] = [
    {
      heading: tr.t('plan.progress'),
      level: 2,
      chart: rows,
      table: { head: [tr.t('plan.area'), ...STATUSES.map((s) => labels.status(s)), tr.t('review.total')], rows: rows.map((r) => [r.label, ...STATUSES.map((s) => n(r.counts[s])), n(r.total)]), numeric: [false, ...STATUSES.map(() => true), true] },
    },
    {
      heading: tr.t('review.meetings', { n: n(review.meetingsHeld.length) }),
      level: 2,
      items: review.meetingsHeld.map((m) => [tr.date(m.date), m.mechanism, m.place, m.level].filter(Boolean).join(' · ') + (m.outcome ? `: ${m.outcome}` : '')),
      empty: tr.t('review.noMeetings'),
    },
    {
      heading: tr.t('review.missed', { n: n(review.mechanismsMissed.length) }),
      level: 2,
      items: review.mechanismsMissed.map((m) => tr.t('review.missedItem', { name: m.name, cadence: tr.t(`cadence.${m.cadence}` as MessageKey), last: m.lastMeeting ? tr.date(m.lastMeeting) : tr.t('review.never'), due: tr.date(m.dueBy) })),
      empty: tr.t('review.noMissed'),
    },
    { heading: tr.t('review.instruments', { n: n(review.newInstruments.length) }), level: 2, items: review.newInstruments.map((i) => `${tr.date(i.date)} · ${i.title}`), empty: tr.t('review.noInstruments') },
    {
      heading: tr.t('review.updates', { n: n(review.updatesInPeriod.length) }),
      level: 2,
      items: review.updatesInPeriod.map((u) => `${tr.date(u.date)} · ${labels.status(u.status)} · ${u.text}: ${u.note} (${u.author})`),
      empty: tr.t('review.noUpdates'),
    },
    { heading: tr.t('review.without', { n: n(review.withoutUpdate.length) }), level: 2, items: review.withoutUpdate.map((c) => `${c.text} (${area(c.area)})`), empty: tr.t('review.noWithout') },
    // Only a renewal has them: counted above at the status their predecessor reached, said here so the figures add up.
    ...(review.carriedOver.length
      ? [{ heading: tr.t('review.carried', { n: n(review.carriedOver.length) }), level: 2 as const, items: review.carriedOver.map((c) => tr.t('review.carriedItem', { text: c.text, status: labels.status(c.status), plan: c.planTitle ?? tr.t('review.carriedPlan') })) }]
      : []),
    ...(review.round ? roundBlocks(review.round, tr, labels) : []),
  ];
  return {
    lang,
    title: tr.t('review.heading', { title: review.plan.title }),
    intro: [tr.t('review.period', { from: tr.date(review.period.from), to: tr.date(review.period.to) }), review.plan.parties.map((p) => labels.party(p)).join(' – '), tr.t('review.planPeriod', { from: tr.date(review.plan.period.start), to: tr.date(review.plan.period.end) })].join(' · '),
    statusLabel: (s) => labels.status(s),
    blocks,
  };
}

/** The round the review draws on: its counts, a line per organization, then what was answered, overdue and not requested. */
function roundBlocks(round: RoundSummary, tr: Translator, labels: Labels): ReviewBlock[] {
  const n = (x: number) => tr.number(x);
  const item = (i: RoundItem) => `${i.text} (${labels.organization(i.organization)} · ${tr.t(`round.progress.${i.state}` as MessageKey)})`;
  const none = tr.t('review.roundNone');
  return [
    {
      heading: tr.t('review.round', { title: round.title, date: tr.date(round.dueDate) }),
      level: 2,
      paragraph: tr.t('review.roundSummary', { asked: n(round.asked), answered: n(round.answered.length), overdue: n(round.overdue.length), notRequested: n(round.notRequested.length) }),
    },
    {
      heading: tr.t('round.byOrganization'),
      level: 3,
      table: {
        head: [tr.t('round.organization'), tr.t('round.side'), tr.t('round.asked'), tr.t('round.answered'), tr.t('round.accepted'), tr.t('round.overdue')],
        rows: round.organizations.map((o) => [labels.organization(o), labels.party(o.side), n(o.total), n(o.answered), n(o.accepted), n(o.overdue)]),
        numeric: [false, false, true, true, true, true],
      },
      empty: none,
    },
    { heading: tr.t('review.roundAnswered', { n: n(round.answered.length) }), level: 3, items: round.answered.map(item), empty: none },
    { heading: tr.t('review.roundOverdue', { n: n(round.overdue.length) }), level: 3, items: round.overdue.map(item), empty: none },
    { heading: tr.t('review.roundNotRequested', { n: n(round.notRequested.length) }), level: 3, items: round.notRequested.map((c) => c.text), empty: none },
  ];
}

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
function barChart(rows: ChartRow[], statusLabel: (s: ImplementationStatus) => string, name: string): string {
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
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${COLORS[s]}"><title>${escapeHtml(`${statusLabel(s)}: ${row.counts[s]}`)}</title></rect>`;
      x += w;
      return rect;
    });
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    return `<text x="0" y="${y + 14}" font-size="12">${escapeHtml(label)}</text>${segments.join('')}<text x="${labelWidth + barWidth + 6}" y="${y + 14}" font-size="12">${row.total}</text>`;
  });
  return `<svg role="img" aria-label="${escapeHtml(name)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

const legend = (statusLabel: (s: ImplementationStatus) => string) =>
  `<p class="legend">${STATUSES.map((s) => `<span><i style="background:${COLORS[s]}"></i>${escapeHtml(statusLabel(s))}</span>`).join(' ')}</p>`;

const PRINT_CSS = `
body{font:14px/1.45 system-ui,"Noto Sans JP","Hiragino Sans",sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right}.legend span{margin-right:1rem;white-space:nowrap}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;

function htmlTable(table: { head: string[]; rows: string[][]; numeric: boolean[] }): string {
  const head = `<tr>${table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table.rows.map((r) => `<tr>${r.map((cell, i) => `<td${table.numeric[i] ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

function page(title: string, body: string, lang: Lang): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PRINT_CSS}</style></head><body>${body}</body></html>\n`;
}

const list = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : `<p>${escapeHtml(empty)}</p>`);

/** A laid-out document as one self-contained HTML page; every piece of document text is escaped. */
function documentToHtml(doc: ReviewDocument): string {
  const blocks = doc.blocks.map((b) =>
    [
      `<h${b.level}>${escapeHtml(b.heading)}</h${b.level}>`,
      ...(b.paragraph ? [`<p>${escapeHtml(b.paragraph)}</p>`] : []),
      ...(b.chart ? [barChart(b.chart, doc.statusLabel, b.heading), legend(doc.statusLabel)] : []),
      ...(b.table ? [b.table.rows.length ? htmlTable(b.table) : `<p>${escapeHtml(b.empty ?? '')}</p>`] : []),
      ...(b.items ? [list(b.items, b.empty ?? '')] : []),
    ].join('\n'),
  );
  return page(doc.title, [`<h1>${escapeHtml(doc.title)}</h1>`, ...(doc.intro ? [`<p>${escapeHtml(doc.intro)}</p>`] : []), ...blocks].join('\n'), doc.lang);
}

/** Markdown: pipes and line breaks in cells are escaped so tables hold. */
const md = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').replace(/([*_`[\]<>#])/g, '\\$1');

/** A laid-out document as Markdown (headings, tables and lists; document text escaped). */
function documentToMarkdown(doc: ReviewDocument): string {
  const out = [`# ${md(doc.title)}`, '', ...(doc.intro ? [md(doc.intro), ''] : [])];
  for (const b of doc.blocks) {
    out.push(`${'#'.repeat(b.level)} ${md(b.heading)}`, '');
    if (b.paragraph) out.push(md(b.paragraph), '');
    if (b.table) {
      if (b.table.rows.length) out.push(`| ${b.table.head.map(md).join(' | ')} |`, `|${b.table.numeric.map((num) => (num ? '---:' : '---')).join('|')}|`, ...b.table.rows.map((r) => `| ${r.map(md).join(' | ')} |`), '');
      else out.push(md(b.empty ?? ''), '');
    }
    if (b.items) out.push(...(b.items.length ? b.items.map((i) => `- ${md(i)}`) : [md(b.empty ?? '')]), '');
  }
  return out.join('\n');
}

/** The review as one self-contained HTML page in `lang`. */
export const reviewToHtml = (review: ReviewModel, lang: Lang = 'en'): string => documentToHtml(layoutReview(review, lang));

/** The review as Markdown in `lang`. */
export const reviewToMarkdown = (review: ReviewModel, lang: Lang = 'en'): string => documentToMarkdown(layoutReview(review, lang));

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

/** The portfolio report laid out in `lang`: status by plan (chart and table), then the follow-up figures. */
export function layoutPortfolio(rows: PortfolioRow[], period: Period, lang: Lang = 'en'): ReviewDocument {
  const tr = translator(lang);
  const labels = labelsFor(lang, loadVocabulary(), tr);
  const n = (x: number) => tr.number(x);
  const plan = (r: PortfolioRow) => `${r.parties.map((p) => labels.party(p)).join('–')}: ${r.title}`;
  const chart: ChartRow[] = rows.map((r) => ({ label: plan(r), counts: r.overall, total: r.total }));
  const none = tr.t('review.roundNone');
  return {
    lang,
    title: tr.t('review.portfolioHeading', { from: tr.date(period.from), to: tr.date(period.to) }),
    intro: '',
    statusLabel: (s) => labels.status(s),
    blocks: [
      {
        heading: tr.t('review.portfolioStatus'),
        level: 2,
        chart,
        table: { head: [tr.t('review.portfolioPlan'), ...STATUSES.map((s) => labels.status(s)), tr.t('review.total')], rows: chart.map((r) => [r.label, ...STATUSES.map((s) => n(r.counts[s])), n(r.total)]), numeric: [false, ...STATUSES.map(() => true), true] },
        empty: none,
      },
      {
        heading: tr.t('review.portfolioFollowUp'),
        level: 2,
        table: {
          head: [tr.t('review.portfolioPlan'), tr.t('review.portfolioCommitments'), tr.t('review.portfolioWithout'), tr.t('review.portfolioMeetings'), tr.t('review.portfolioMissed')],
          rows: rows.map((r) => [plan(r), n(r.total), n(r.withoutUpdate), n(r.meetingsHeld), n(r.mechanismsMissed)]),
          numeric: [false, true, true, true, true],
        },
        empty: none,
      },
    ],
  };
}

export const portfolioToHtml = (rows: PortfolioRow[], period: Period, lang: Lang = 'en'): string => documentToHtml(layoutPortfolio(rows, period, lang));

export const portfolioToMarkdown = (rows: PortfolioRow[], period: Period, lang: Lang = 'en'): string => documentToMarkdown(layoutPortfolio(rows, period, lang));
