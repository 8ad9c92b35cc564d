// `kizuna link READOUT`: propose which commitments and mechanisms a readout is evidence for; accept or
// reject a proposal by its number.
import { decideLink, proposeLinks, readoutProposals } from '../../ops/tracking-link.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command } from '../io.js';
import { dataOption, dataUsage } from './ingest.js';
import type { StoredProposal } from '../../store/tracking.js';

function show(p: StoredProposal): string {
  const action = p.kind === 'mechanism' ? `meeting${p.meetingDate ? ` on ${p.meetingDate}` : ''}` : `status → ${p.proposedStatus}`;
  return `#${p.id}  ${p.state.padEnd(8)}  ${p.score.toFixed(2)}  ${p.kind} ${p.candidateId}  (${p.event}; ${action})\n      “${p.passage.replace(/\s+/g, ' ')}”\n`;
}

export const linkCommand: Command = {
  name: 'link',
  summary: 'link a readout or press release to the commitments and mechanisms it is evidence for',
  usage: `Usage: kizuna link READOUT [--plan PLAN-ID] [--json] [--data DIR]
       kizuna link --accept N | --reject N [--author NAME] [--data DIR]

READOUT is a .txt, .md or .html file (English or Japanese). Proposals are numbered; accepting one
records the proposed status update (commitment) or the meeting (mechanism), dated by the readout.
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      plan: { type: 'string' },
      accept: { type: 'string' },
      reject: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean' },
      ...dataOption,
    });
    const decision = values.accept ?? values.reject;
    if (values.accept && values.reject) throw new UsageError('--accept and --reject exclude each other');
    if (decision !== undefined) {
      if (!/^\d+$/.test(decision)) throw new UsageError(`proposal number '${decision}' is not a number`);
      return withRegister(values.data, io.env, async (store) => {
        const decided = await decideLink(store, Number(decision), values.accept ? 'accept' : 'reject', values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? '');
        io.out(values.json ? JSON.stringify(decided, null, 2) + '\n' : show(decided));
        return 0;
      });
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('give exactly one readout file');
    return withRegister(values.data, io.env, async (store) => {
      const result = await proposeLinks(store, { path: file }, values.plan ? { planId: values.plan } : {});
      if (!result.readoutId) {
        for (const m of result.messages) io.err(`${m.file}: ${m.reason} [${m.rule}]\n`);
        return 1;
      }
      const proposals = await readoutProposals(store, result.readoutId);
      if (values.json) io.out(JSON.stringify(proposals, null, 2) + '\n');
      else for (const p of proposals) io.out(show(p));
      io.err(`${proposals.length} proposal(s); accept with 'kizuna link --accept N'\n`);
      return 0;
    });
  },
};
