// `kizuna diff OLD NEW`: what a renewed plan carried over, changed, added and dropped; --draft writes a
// draft successor that keeps the old plan's unfinished commitments.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planDiff } from '../../ops/tracking-diff.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';

export const diffCommand: Command = {
  usage: `Usage: kizuna diff OLD-PLAN-ID NEW-PLAN-ID [--draft FILE] [--json] [--data DIR]

  --draft FILE   write a Markdown draft of the next plan: the new plan plus unfinished commitments it dropped
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { draft: { type: 'string' }, json: { type: 'boolean' }, ...dataOption });
    if (positionals.length !== 2) throw new UsageError('give two plan ids: the old plan and the new one');
    const [oldId, newId] = positionals as [string, string];
    return withRegister(values.data, io.env, async (store) => {
      const { diff, draft } = await planDiff(store, oldId, newId, CLI_SCOPE);
      if (values.draft) {
        const path = resolve(io.cwd, values.draft);
        await writeFile(path, draft);
        io.err(`wrote ${path}\n`);
      }
      if (values.json) {
        io.out(JSON.stringify(diff, null, 2) + '\n');
        return 0;
      }
      io.out(`carried over ${diff.carried.length}, changed ${diff.changed.length}, new ${diff.added.length}, dropped ${diff.dropped.length}\n`);
      for (const p of diff.changed) {
        io.out(`~ ${p.old.id} → ${p.new.id} (${p.similarity.toFixed(2)}${p.strengthChange ? `, ${p.strengthChange.from} → ${p.strengthChange.to}` : ''})\n    - ${p.old.text}\n    + ${p.new.text}\n`);
      }
      for (const c of diff.added) io.out(`+ ${c.id}  ${c.text}\n`);
      for (const c of diff.dropped) io.out(`- ${c.id}  [${c.status}]  ${c.text}\n`);
      return 0;
    });
  },
};
