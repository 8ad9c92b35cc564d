// `kizuna search "query"`: commitments ranked by relevance, each with a snippet (matches shown «like this»).
import { registerSearch } from '../../ops/register-query.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';
import { filterOptions, filterUsage, readFilter } from './list.js';
import { CLI_SCOPE } from '../io.js';

export const searchCommand: Command = {
  usage: `Usage: kizuna search "QUERY" [filters] [--json] [--data DIR]

Words are matched in any form ("hydrogen", "cooperate" finds "cooperation"); "quoted phrases",
'or' and -excluded words work as on web search engines. Japanese (and words full-text search does
not know) are matched as written: kizuna search 水素.

${filterUsage}
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...filterOptions, ...dataOption });
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('no query');
    const { filter, page } = readFilter({ limit: '10', ...values });
    return withRegister(values.data, io.env, async (store) => {
      const result = await registerSearch(store, CLI_SCOPE, query, filter, page);
      if (values.json) {
        io.out(JSON.stringify(result, null, 2) + '\n');
        return 0;
      }
      for (const hit of result.items) {
        const c = hit.commitment;
        io.out(`${c.id}  [${c.strength}]  ${c.planTitle ?? c.planId}\n`);
        io.out(`  ${hit.snippet.map((p) => (p.match ? `«${p.text}»` : p.text)).join('').replace(/\s+/g, ' ')}\n`);
      }
      const translated = result.translatedQuery ? `, searched in English as: ${result.translatedQuery}` : '';
      io.err(`${result.items.length} of ${result.totalExact ? '' : 'about '}${result.total} matches (${result.mode}${translated})\n`);
      return 0;
    }, true);
  },
};
