// `kizuna link READOUT`: propose which commitments and mechanisms a readout is evidence for, with the
// next best candidates below the threshold; accept or reject any of them by its number.
import { resolve } from 'node:path';
import { decideLink, proposeLinks } from '../../ops/tracking-link.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage } from '../io.js';
import type { StoredProposal } from '../../store/tracking.js';

function show(p: StoredProposal): string {
  const action = p.kind === 'mechanism' ? `meeting${p.meetingDate ? ` on ${p.meetingDate}` : ''}` : `status → ${p.proposedStatus}`;
  const why = p.reason ? `\n      why: ${p.reason}` : '';
  return `#${p.id}  ${p.state.padEnd(8)}  ${p.score.toFixed(2)}  ${p.kind} ${p.candidateId}  (${p.event}; ${action})\n      “${p.passage.replace(/\s+/g, ' ')}”${why}\n`;
}

export const linkCommand: Command = {
  usage: `Usage: kizuna link READOUT [--plan PLAN-ID] [--date YYYY-MM-DD] [--json] [--data DIR]
       kizuna link --accept N | --reject N [--date YYYY-MM-DD] [--author NAME] [--data DIR]

READOUT is a .txt, .md, .html, .pdf or .docx file (English or Japanese). Proposals above the threshold
are listed first, then the next best candidates (up to five per passage); any of them can be accepted by
its number, which records the proposed status update (commitment) or the meeting (mechanism), dated by
the event. --date gives the readout's own date, for a text that says only "On 21 June" or nothing.
Linking the same readout again replaces its open proposals; decided ones stay.
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      plan: { type: 'string' },
      date: { type: 'string' },
      accept: { type: 'string' },
      reject: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
      ...dataOption,
    });
    const decision = values.accept ?? values.reject;
    if (values.accept && values.reject) throw new UsageError('--accept and --reject exclude each other');
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date '${values.date}' is not YYYY-MM-DD`);
    if (decision !== undefined) {
      if (!/^\d+$/.test(decision)) throw new UsageError(`proposal number '${decision}' is not a number`);
      return withRegister(values.data, io.env, async (store) => {
        const decided = await decideLink(store, Number(decision), values.accept ? 'accept' : 'reject', values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? '', new Date(), values.date);
        io.out(values.json ? JSON.stringify(decided, null, 2) + '\n' : show(decided));
        return 0;
      });
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('give exactly one readout file');
    return withRegister(values.data, io.env, async (store) => {
      const result = await proposeLinks(store, { path: resolve(io.cwd, file) }, { ...(values.plan ? { planId: values.plan } : {}), ...(values.date ? { date: values.date } : {}), narrow: true });
      if (!result.readoutId) {
        for (const m of result.messages) io.err(`${m.file}: ${m.reason} [${m.rule}]\n`);
        return 1;
      }
      const proposals = result.proposals;
      if (values.json) {
        io.out(JSON.stringify({ readoutId: result.readoutId, event: result.event, proposals }, null, 2) + '\n');
      } else {
        const e = result.event;
        if (e) io.out(`event: ${e.kind}${e.level ? ` (${e.level})` : ''}${e.parties.length ? ` with ${e.parties.join(', ')}` : ''}${e.date ? ` on ${e.date}` : ''}\n`);
        const above = proposals.filter((p) => p.proposed);
        const below = proposals.filter((p) => !p.proposed);
        for (const p of above) io.out(show(p));
        if (below.length) io.out(`-- below the threshold --\n`);
        for (const p of below) io.out(show(p));
      }
      const above = proposals.filter((p) => p.proposed).length;
      io.err(`${above} proposal(s), ${proposals.length - above} more candidate(s) below the threshold; accept with 'kizuna link --accept N'\n`);
      return 0;
    });
  },
};
