// The annual review of a plan in the web app: the same model and sections as `kizuna review` (track/review.ts),
// rendered in the app's layout and stylesheet (so the strict CSP holds) in the reader's language; prints cleanly.
import type { PageContent, PageContext, WebPage } from '../page.js';
import { KizunaError } from '../../errors.js';
import { lastYear, planReview } from '../../ops/tracking-review.js';
import { isIsoDay, STATUSES } from '../../track/status.js';
import type { MessageKey } from '../i18n/index.js';
import { NO_SECTION, type ReviewModel, type RoundItem, type RoundSummary } from '../../track/review.js';
import { scopeOf } from '../../http/principal.js';
import { READ } from '../../auth/policy.js';
import { RoundOrganizations } from '../components.js';

function List<T>(props: { items: T[]; empty: string; render: (item: T) => unknown }) {
  return props.items.length ? (
    <ul>
      {props.items.map((item) => (
        <li>{props.render(item)}</li>
      ))}
    </ul>
  ) : (
    <p class="muted">{props.empty}</p>
  );
}

function Review(props: { ctx: PageContext; review: ReviewModel }) {
  const { ctx, review } = props;
  const { tr, labels } = ctx;
  const rows = [{ label: tr.t('review.all'), counts: review.overall, total: review.total }, ...review.byArea.map((a) => ({ label: a.area === NO_SECTION ? tr.t('plan.untitledSection') : a.area, counts: a.counts, total: a.total }))];
  const cadence = (c: string) => tr.t(`cadence.${c}` as MessageKey);
  return (
    <article class="review">
      <h1>{tr.t('review.heading', { title: review.plan.title })}</h1>
      <p>
        {tr.t('review.period', { from: tr.date(review.period.from), to: tr.date(review.period.to) })} · {review.plan.parties.map((p) => labels.party(p)).join(' – ')} ·{' '}
        {tr.t('review.planPeriod', { from: tr.date(review.plan.period.start), to: tr.date(review.plan.period.end) })}
      </p>
      <p class="no-print">
        {/* the documents in the reader's language, as the page */}
        <a href={`/api/plans/${encodeURIComponent(review.plan.id)}/review?format=docx&from=${review.period.from}&to=${review.period.to}&lang=${tr.lang}`}>DOCX</a> ·{' '}
        <a href={`/api/plans/${encodeURIComponent(review.plan.id)}/review?format=md&from=${review.period.from}&to=${review.period.to}&lang=${tr.lang}`}>Markdown</a>
      </p>
      <h2>{tr.t('plan.progress')}</h2>
      {/* focusable: the box may scroll sideways on a phone and holds no link to tab to */}
      <div class="scroll" tabindex={0}>
        <table class="bars progress review-table">
          <thead>
            <tr>
              <th scope="col">{tr.t('plan.area')}</th>
              <th scope="col">{tr.t('facet.status')}</th>
              {STATUSES.map((s) => (
                <th scope="col" class="num">
                  {labels.status(s)}
                </th>
              ))}
              <th scope="col" class="num">
                {tr.t('review.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              let x = 0;
              return (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="bar-cell">
                    <svg viewBox={`0 0 ${Math.max(row.total, 1)} 1`} preserveAspectRatio="none" aria-hidden="true">
                      {STATUSES.filter((s) => row.counts[s]).map((s) => {
                        const rect = <rect x={String(x)} y="0" width={String(row.counts[s])} height="1" class={`bar-${s}`} />;
                        x += row.counts[s];
                        return rect;
                      })}
                    </svg>
                  </td>
                  {STATUSES.map((s) => (
                    <td class="num">{tr.number(row.counts[s])}</td>
                  ))}
                  <td class="num">{tr.number(row.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{tr.t('review.meetings', { n: tr.number(review.meetingsHeld.length) })}</h2>
      <List items={review.meetingsHeld} empty={tr.t('review.noMeetings')} render={(m) => [tr.date(m.date), m.mechanism, m.place, m.level].filter(Boolean).join(' · ') + (m.outcome ? `: ${m.outcome}` : '')} />
      <h2>{tr.t('review.missed', { n: tr.number(review.mechanismsMissed.length) })}</h2>
      <List items={review.mechanismsMissed} empty={tr.t('review.noMissed')} render={(m) => tr.t('review.missedItem', { name: m.name, cadence: cadence(m.cadence), last: m.lastMeeting ? tr.date(m.lastMeeting) : tr.t('review.never'), due: tr.date(m.dueBy) })} />
      <h2>{tr.t('review.instruments', { n: tr.number(review.newInstruments.length) })}</h2>
      <List items={review.newInstruments} empty={tr.t('review.noInstruments')} render={(i) => `${tr.date(i.date)} · ${i.title}`} />
      <h2>{tr.t('review.updates', { n: tr.number(review.updatesInPeriod.length) })}</h2>
      <List
        items={review.updatesInPeriod}
        empty={tr.t('review.noUpdates')}
        render={(u) => (
          <>
            {tr.date(u.date)} · <strong>{labels.status(u.status)}</strong> · <a href={`/commitments/${encodeURIComponent(u.commitmentId)}`}>{u.text}</a>: {u.note} ({u.author})
          </>
        )}
      />
      <h2>{tr.t('review.without', { n: tr.number(review.withoutUpdate.length) })}</h2>
      <List
        items={review.withoutUpdate}
        empty={tr.t('review.noWithout')}
        render={(c) => (
          <>
            <a href={`/commitments/${encodeURIComponent(c.id)}`}>{c.text}</a> <span class="muted">({c.area === NO_SECTION ? tr.t('plan.untitledSection') : c.area})</span>
          </>
        )}
      />
      {review.round ? <RoundSection ctx={ctx} round={review.round} /> : null}
    </article>
  );
}

/** The update round the review draws on: answered, overdue and not requested commitments, in the reader's language. */
function RoundSection(props: { ctx: PageContext; round: RoundSummary }) {
  const { ctx, round } = props;
  const { tr, labels } = ctx;
  const item = (i: RoundItem) => (
    <>
      <a href={`/commitments/${encodeURIComponent(i.commitmentId)}`}>{i.text}</a> <span class="muted">({labels.organization(i.organization)} · {tr.t(`round.progress.${i.state}` as MessageKey)})</span>
    </>
  );
  return (
    <section class="review-round" aria-labelledby="h-review-round">
      <h2 id="h-review-round">{tr.t('review.round', { title: round.title, date: tr.date(round.dueDate) })}</h2>
      <p>{tr.t('review.roundSummary', { asked: tr.number(round.asked), answered: tr.number(round.answered.length), overdue: tr.number(round.overdue.length), notRequested: tr.number(round.notRequested.length) })}</p>
      <h3>{tr.t('round.byOrganization')}</h3>
      {round.organizations.length ? (
        <RoundOrganizations ctx={ctx} organizations={round.organizations} />
      ) : (
        <p class="muted">{tr.t('review.roundNone')}</p>
      )}
      <h3>{tr.t('review.roundAnswered', { n: tr.number(round.answered.length) })}</h3>
      <List items={round.answered} empty={tr.t('review.roundNone')} render={item} />
      <h3>{tr.t('review.roundOverdue', { n: tr.number(round.overdue.length) })}</h3>
      <List items={round.overdue} empty={tr.t('review.roundNone')} render={item} />
      <h3>{tr.t('review.roundNotRequested', { n: tr.number(round.notRequested.length) })}</h3>
      <List items={round.notRequested} empty={tr.t('review.roundNone')} render={(c) => <a href={`/commitments/${encodeURIComponent(c.id)}`}>{c.text}</a>} />
    </section>
  );
}

export const reviewPages: WebPage[] = [
  {
    method: 'get',
    path: '/plans/:id/review',
    permission: READ,
    async handle(ctx): Promise<PageContent> {
      const period = lastYear(ctx.deps.now());
      for (const key of ['from', 'to'] as const) {
        const value = ctx.c.req.query(key);
        if (value && !isIsoDay(value)) throw new KizunaError('invalid-request', `${key} must be a date YYYY-MM-DD`, [{ name: key, reason: 'must be a date YYYY-MM-DD' }]);
        if (value) period[key] = value;
      }
      if (period.from > period.to) throw new KizunaError('invalid-request', 'from is after to');
      const review = await planReview(ctx.deps.store, ctx.c.req.param('id') ?? '', period, scopeOf(ctx.c));
      return { title: ctx.tr.t('review.heading', { title: review.plan.title }), body: <Review ctx={ctx} review={review} /> };
    },
  },
];
