// `kizuna review PLAN-ID`: the annual review of a plan (HTML to print, Markdown, DOCX); `kizuna review
// --portfolio`: one report across every partnership.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lastYear, renderPlanReview, renderPortfolio } from '../../ops/tracking-review.js';
import { withRegister } from '../../ops/open-register.js';
import { isIsoDay } from '../../track/status.js';
import type { Lang } from '../../track/review.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE, localeLang } from '../io.js';


export const reviewCommand: Command = {
  usage: `Usage: kizuna review PLAN-ID [--from DAY --to DAY] [--format html|md|docx] [--lang en|ja] --out FILE [--data DIR]
       kizuna review --portfolio [--from DAY --to DAY] [--format html|md] [--lang en|ja] --out FILE

  --from, --to   the period under review (default: the twelve months up to today)
  --format       html (default; print it to PDF from a browser), md, or docx
  --lang         the report's language: en or ja (default: ja when LC_ALL, LC_MESSAGES or LANG is Japanese, else en)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      portfolio: { type: 'boolean' },
      lang: { type: 'string' },
      ...dataOption,
    });
    const format = values.format ?? 'html';
    if (!['html', 'md', 'docx'].includes(format)) throw new UsageError(`unknown format '${format}'`);
    if (values.portfolio && format === 'docx') throw new UsageError('the portfolio report is html or md');
    if (!values.out) throw new UsageError('--out FILE is required');
    if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'ja') throw new UsageError('--lang is en or ja');
    const lang: Lang = (values.lang as Lang | undefined) ?? localeLang(io.env);
    for (const day of [values.from, values.to]) if (day !== undefined && !isIsoDay(day)) throw new UsageError(`'${day}' is not a date YYYY-MM-DD`);
    const period = { ...lastYear(), ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) };
    const [planId, ...extra] = positionals;
    if (values.portfolio ? positionals.length : !planId || extra.length) throw new UsageError(values.portfolio ? 'no plan id with --portfolio' : 'give exactly one plan id');
    return withRegister(values.data, io.env, async (store) => {
      const rendered = values.portfolio
        ? await renderPortfolio(store, period, format as 'html' | 'md', CLI_SCOPE, lang)
        : await renderPlanReview(store, planId!, period, format as 'html' | 'md' | 'docx', CLI_SCOPE, lang);
      const path = resolve(io.cwd, values.out!);
      await writeFile(path, rendered);
      io.err(`wrote ${path}\n`);
      return 0;
    });
  },
};
