// `kizuna status <commitment-id>`: a commitment's status history; with --set, record a progress update.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { recordUpdate, statusOf, type EvidenceInput } from '../../ops/tracking-status.js';
import { withRegister } from '../../ops/open-register.js';
import { isStatus, STATUSES, STATUS_LABELS } from '../../track/status.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';

export const statusCommand: Command = {
  usage: `Usage: kizuna status COMMITMENT-ID [--json] [--data DIR]
       kizuna status COMMITMENT-ID --set STATUS --note "…" [--evidence URL|FILE]… [--date YYYY-MM-DD] [--author NAME]

  --set STATUS    one of ${STATUSES.join(', ')}
  --note TEXT     what happened (required with --set)
  --evidence X    a link (http/https) or a file to keep as evidence; repeatable. completed needs one.
  --date DAY      when it happened (default today)
  --author NAME   who records it (default $KIZUNA_AUTHOR or $USER)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      set: { type: 'string' },
      note: { type: 'string' },
      evidence: { type: 'string', multiple: true },
      date: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
      ...dataOption,
    });
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError('give exactly one commitment id');
    if (values.set !== undefined && !isStatus(values.set)) throw new UsageError(`unknown status '${values.set}'`);
    if (values.set === undefined && (values.note || values.evidence || values.date)) throw new UsageError('--note, --evidence and --date go with --set');
    const evidence: EvidenceInput[] = [];
    for (const item of values.evidence ?? []) {
      if (/^https?:\/\//i.test(item)) evidence.push({ kind: 'url', url: item });
      else {
        const path = resolve(io.cwd, item);
        try {
          evidence.push({ kind: 'file', name: basename(path), bytes: new Uint8Array(await readFile(path)) });
        } catch (error) {
          throw new Error(`${item}: cannot read evidence file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
    }
    return withRegister(values.data, io.env, async (store) => {
      if (values.set !== undefined && isStatus(values.set)) {
        const author = values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? '';
        const update = await recordUpdate(store, { commitmentId: id, status: values.set, note: values.note ?? '', evidence, author, ...(values.date ? { date: values.date } : {}) });
        io.out(values.json ? JSON.stringify(update, null, 2) + '\n' : `${id}: ${STATUS_LABELS[update.status].en} as of ${update.date}\n`);
        return 0;
      }
      const { status, updates } = await statusOf(store, id, CLI_SCOPE);
      if (values.json) {
        io.out(JSON.stringify({ id, status, updates }, null, 2) + '\n');
        return 0;
      }
      io.out(`${id}: ${STATUS_LABELS[status].en}\n`);
      for (const u of updates) {
        io.out(`  ${u.date}  ${STATUS_LABELS[u.status].en}  ${u.note}  (${u.author})\n`);
        for (const e of u.evidence) io.out(`      evidence: ${e.kind === 'url' ? e.url : `${e.name} sha256 ${e.sha256.slice(0, 12)}…`}\n`);
      }
      return 0;
    });
  },
};
