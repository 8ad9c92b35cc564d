// Organizations: which ministries and agencies engage with which partners, on how many commitments.
import type { PageContent, WebPage } from '../page.js';
import { Pagination, filterFromQuery, offsetFromQuery } from '../components.js';
import { READ } from '../../auth/policy.js';

const LIMIT = 100;

export const organizationPages: WebPage[] = [
  {
    method: 'get',
    path: '/organizations',
    permission: READ,
    nav: { label: 'nav.organizations', order: 40 },
    async handle(ctx): Promise<PageContent> {
      const { tr, labels } = ctx;
      const filter = filterFromQuery(ctx);
      const offset = offsetFromQuery(ctx);
      const page = await ctx.deps.register.listOrganizations(filter, { limit: LIMIT, offset });
      const partners = [...new Set(page.items.flatMap((o) => o.partners.map((p) => p.party)))].sort();
      const params = new URLSearchParams(ctx.c.req.query());
      const body = (
        <>
          <h1>{tr.t('organizations.title')}</h1>
          <p>{tr.t('organizations.intro')}</p>
          <form class="filters" method="get" action="/organizations">
            <p class="field">
              <label for="f-party">{tr.t('organizations.partner')}</label>
              <select id="f-party" name="party">
                <option value="">{tr.t('facet.any')}</option>
                {partners.map((p) => (
                  <option value={p} selected={filter.party === p}>
                    {labels.party(p)}
                  </option>
                ))}
              </select>
            </p>
            <p class="field">
              <button type="submit">{tr.t('filters.apply')}</button>
            </p>
          </form>
          <div class="scroll">
            <table>
              <caption>{tr.t('organizations.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr.t('organizations.name')}</th>
                  <th scope="col">{tr.t('organizations.party')}</th>
                  <th scope="col">{tr.t('organizations.partners')}</th>
                  <th scope="col" class="num">
                    {tr.t('plan.commitments')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((o) => (
                  <tr>
                    <th scope="row">
                      <a href={`/search?organization=${encodeURIComponent(o.id)}`}>{ctx.labels.organization(o)}</a>
                    </th>
                    <td>{labels.party(o.party)}</td>
                    <td>
                      <ul class="chips">
                        {o.partners.map((p) => (
                          <li>
                            <a href={`/search?organization=${encodeURIComponent(o.id)}&party=${encodeURIComponent(p.party)}`}>{`${labels.party(p.party)} ${tr.number(p.commitments)}`}</a>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td class="num">{tr.number(o.commitments)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination ctx={ctx} total={page.total} limit={LIMIT} offset={offset} path="/organizations" params={params} />
        </>
      );
      return { title: tr.t('organizations.title'), body };
    },
  },
];
