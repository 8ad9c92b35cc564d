// Theme × partner heatmap: each cell counts commitments and links to them.
import type { PageContent, WebPage } from '../page.js';
import { READ } from '../../auth/policy.js';

/** Six shades, so colour never carries the number alone (the count is printed in every cell). */
const shade = (count: number, max: number) => (count === 0 ? 0 : Math.min(5, 1 + Math.floor((count / max) * 4.999)));

export const matrixPages: WebPage[] = [
  {
    method: 'get',
    path: '/matrix',
    permission: READ,
    nav: { label: 'nav.matrix', order: 20 },
    async handle(ctx): Promise<PageContent> {
      const { tr, labels } = ctx;
      const cells = await ctx.deps.register.matrix({});
      const partners = [...new Set(cells.map((c) => c.partner))].sort((a, b) => labels.party(a).localeCompare(labels.party(b)));
      const themeTotals = new Map<string, number>();
      for (const cell of cells) themeTotals.set(cell.theme, (themeTotals.get(cell.theme) ?? 0) + cell.count);
      const themes = [...themeTotals.keys()].sort((a, b) => (themeTotals.get(b) ?? 0) - (themeTotals.get(a) ?? 0));
      const count = new Map(cells.map((c) => [`${c.theme}|${c.partner}`, c.count]));
      const max = Math.max(1, ...cells.map((c) => c.count));
      const body = (
        <>
          <h1>{tr.t('matrix.title')}</h1>
          <p>{tr.t('matrix.intro')}</p>
          {cells.length === 0 ? (
            <p>{tr.t('matrix.empty')}</p>
          ) : (
            <div class="scroll">
              <table class="heatmap">
                <caption>{tr.t('matrix.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr.t('facet.theme')}</th>
                    {partners.map((p) => (
                      <th scope="col">{labels.party(p)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {themes.map((theme) => (
                    <tr>
                      <th scope="row">{labels.theme(theme)}</th>
                      {partners.map((partner) => {
                        const n = count.get(`${theme}|${partner}`) ?? 0;
                        return (
                          <td class={`heat heat-${shade(n, max)}`}>
                            {n ? (
                              <a
                                href={`/search?theme=${encodeURIComponent(theme)}&party=${encodeURIComponent(partner)}`}
                                aria-label={tr.t('matrix.cell', { theme: labels.theme(theme), partner: labels.party(partner), n })}
                              >
                                {tr.number(n)}
                              </a>
                            ) : (
                              <span class="muted">0</span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      );
      return { title: tr.t('matrix.title'), body };
    },
  },
];
