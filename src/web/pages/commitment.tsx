// One commitment: its text, strength and cue, themes, actors, the instruments and mechanisms it names,
// a correction form (strength, section) and similar commitments with other partners (precedent).
import type { PageContent, WebPage } from '../page.js';
import { KizunaError } from '../../errors.js';
import { Parties, StrengthBadge, ThemeChips } from '../components.js';
import { etagOf } from '../../http/edits.js';
import { commitmentPanels } from '../panels.js';

const within = (inner: { start: number; end: number }, outer: { start: number; end: number }) => inner.start >= outer.start && inner.end <= outer.end;

export const commitmentPages: WebPage[] = [
  {
    method: 'get',
    path: '/commitments/:id',
    async handle(ctx): Promise<PageContent> {
      const { tr, labels } = ctx;
      const id = ctx.c.req.param('id') ?? '';
      const commitment = await ctx.deps.register.getCommitment(id);
      if (!commitment) throw new KizunaError('not-found', tr.t('commitment.notFound', { id }));
      const [plan, similar, panels] = await Promise.all([
        ctx.deps.register.getPlan(commitment.planId),
        ctx.deps.register.similar(id, 8),
        Promise.all(commitmentPanels.map((panel) => panel(ctx, commitment))),
      ]);
      const lower = commitment.text.toLowerCase();
      const instruments = (plan?.instruments ?? []).filter((i) => within(i.span, commitment.span) || lower.includes(i.title.toLowerCase()));
      const mechanisms = (plan?.mechanisms ?? []).filter((m) => within(m.span, commitment.span) || lower.includes(m.name.toLowerCase()));
      const planLink = `/plans/${encodeURIComponent(commitment.planId)}#c=${encodeURIComponent(commitment.id)}`;
      const body = (
        <>
          <p class="crumbs">
            <a href={planLink}>{commitment.planTitle || tr.t('plan.untitled')}</a>
            {commitment.section ? ` › ${commitment.section}` : ''}
          </p>
          <h1 class="visually-hidden">{tr.t('commitment.title', { key: commitment.key })}</h1>
          <blockquote class="commitment-text">
            <p>{commitment.text}</p>
          </blockquote>
          <p>
            <a href={planLink}>{tr.t('commitment.inSource')}</a>
          </p>
          <dl class="facts">
            <dt>{tr.t('facet.strength')}</dt>
            <dd>
              <StrengthBadge ctx={ctx} strength={commitment.strength} />
              {commitment.strengthCue ? <span class="muted"> {tr.t('commitment.cue', { cue: commitment.strengthCue })}</span> : null}
            </dd>
            <dt>{tr.t('plan.parties')}</dt>
            <dd>
              <Parties ctx={ctx} parties={commitment.parties} />
            </dd>
            <dt>{tr.t('facet.theme')}</dt>
            <dd>
              <ThemeChips ctx={ctx} themes={commitment.themes} />
            </dd>
            <dt>{tr.t('commitment.actors')}</dt>
            <dd>
              {commitment.actors.length ? (
                <ul class="chips">
                  {commitment.actors.map((a) => (
                    <li>
                      <a href={`/search?organization=${encodeURIComponent(a.id)}`}>{a.acronym ? `${a.name} (${a.acronym})` : a.name}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">—</span>
              )}
            </dd>
            <dt>{tr.t('plan.instruments')}</dt>
            <dd>{instruments.length ? instruments.map((i) => i.title).join('; ') : <span class="muted">—</span>}</dd>
            <dt>{tr.t('plan.mechanisms')}</dt>
            <dd>{mechanisms.length ? mechanisms.map((m) => `${m.name} (${tr.t(`cadence.${m.cadence}`)})`).join('; ') : <span class="muted">—</span>}</dd>
            <dt>{tr.t('commitment.version')}</dt>
            <dd>
              {String(commitment.version)}
              {commitment.corrected ? ` · ${tr.t('commitment.corrected')}` : ''}
            </dd>
          </dl>
          <section aria-labelledby="h-correct">
            <h2 id="h-correct">{tr.t('commitment.correct')}</h2>
            <form class="correct" id="correct-form" data-id={commitment.id} data-etag={etagOf(commitment.version)}>
              <p class="field">
                <label for="c-strength">{tr.t('facet.strength')}</label>
                <select id="c-strength" name="strength">
                  {(['firm', 'intent', 'exploratory'] as const).map((s) => (
                    <option value={s} selected={commitment.strength === s}>
                      {labels.strength(s)}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <label for="c-section">{tr.t('commitment.section')}</label>
                <select id="c-section" name="sectionId">
                  <option value="">—</option>
                  {(plan?.sections ?? []).map((s) => (
                    <option value={s.id} selected={s.id === commitment.sectionId}>
                      {[s.number, s.title].filter(Boolean).join(' ') || s.id}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <button type="submit">{tr.t('commitment.save')}</button>
              </p>
              <p class="status" role="status" aria-live="polite" data-saved={tr.t('commitment.saved')} data-stale={tr.t('commitment.stale')} data-failed={tr.t('commitment.failed')}></p>
            </form>
          </section>
          <section aria-labelledby="h-similar">
            <h2 id="h-similar">{tr.t('commitment.similar')}</h2>
            {similar.length ? (
              <ol class="similar">
                {similar.map(({ commitment: other, score }) => (
                  <li>
                    <p>
                      <a href={`/commitments/${encodeURIComponent(other.id)}`}>{other.text}</a>
                    </p>
                    <p class="meta">
                      <Parties ctx={ctx} parties={other.parties} /> · {other.planTitle || tr.t('plan.untitled')} · <StrengthBadge ctx={ctx} strength={other.strength} />{' '}
                      <span class="muted">{tr.t('commitment.score', { score: score.toFixed(2) })}</span>
                    </p>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{tr.t('commitment.noSimilar')}</p>
            )}
          </section>
          {panels}
        </>
      );
      return { title: commitment.text.slice(0, 60), body };
    },
  },
];
