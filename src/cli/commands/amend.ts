// `kizuna amend`: amendments by mutual written consent from the command line — propose, consent, decline,
// comment, withdraw, list, redline — through the same ops as the API and the web pages.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { amendmentsOf, planRedline, proposeAmendment, respondToAmendment, withdrawAmendment, type Actor, type InstrumentFile } from '../../ops/plan-amend.js';
import { withRegister } from '../../ops/open-register.js';
import { LOCAL_ADMINISTRATOR } from '../../auth/principal.js';
import type { AmendmentChanges, Amendment, RedlinePart } from '../../track/amendment.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';

const ACTIONS = ['propose', 'consent', 'decline', 'comment', 'withdraw', 'list', 'redline'] as const;

function amendmentText(a: Amendment): string {
  const lines = [`${a.id}  #${a.number} ${a.title}  [${a.state}${a.effectiveDate ? `, effective ${a.effectiveDate}` : ''}]`, `  proposed by ${a.proposedSide} (${a.proposedBy}): ${a.rationale}`];
  const c = a.changes;
  for (const id of c.withdraw ?? []) lines.push(`  - withdraw ${id}`);
  for (const r of c.reword ?? []) lines.push(`  ~ reword ${r.commitmentId}: ${r.text}`);
  for (const n of c.add ?? []) lines.push(`  + add: ${n.text}`);
  if (c.period) lines.push(`  period → ${c.period.start ?? '(unchanged)'}–${c.period.end ?? '(unchanged)'}`);
  for (const m of c.cadence ?? []) lines.push(`  cadence of ${m.mechanismId} → ${m.cadence}`);
  for (const p of c.provisions ?? []) lines.push(`  provision ${p.provisionId}: ${p.text}`);
  for (const r of a.responses) lines.push(`  ${r.at.slice(0, 10)} ${r.side} ${r.decision} (${r.actor})${r.instrument ? ` by ${r.instrument}` : ''}${r.instrumentFile ? ` [${r.instrumentFile.name} sha256 ${r.instrumentFile.sha256.slice(0, 12)}…]` : ''}${r.comment ? `: ${r.comment}` : ''}`);
  return lines.join('\n') + '\n';
}

/** Redline parts as text: [-removed-] and {+added+}, as `git diff --word-diff` prints them. */
const marked = (parts: RedlinePart[]) => parts.map((p) => (p.removed ? `[-${p.text}-]` : p.added ? `{+${p.text}+}` : p.text)).join('');

export const amendCommand: Command = {
  usage: `Usage: kizuna amend propose PLAN-ID --side JP --title "…" --rationale "…" [changes] [--effective DAY] [--instrument REF] [--file FILE]
       kizuna amend consent|decline|comment AMENDMENT-ID --side PL [--instrument REF] [--file FILE] [--comment "…"]
       kizuna amend withdraw AMENDMENT-ID
       kizuna amend list PLAN-ID [--json]
       kizuna amend redline PLAN-ID [--from N] [--to N] [--json]

  changes (repeatable): --withdraw COMMITMENT-ID  --add "text"  --reword COMMITMENT-ID="new text"
                        --period-start D  --period-end D  --cadence MECHANISM-KEY=annual|biennial|regular|once|unspecified
  --side CODE      the party you act for (this machine's user acts as an administrator)
  --instrument REF the written instrument of this side's consent ("Exchange of notes of 12 May 2026")
  --file FILE      the signed instrument, kept with its SHA-256
  --author NAME    who acts (default $KIZUNA_AUTHOR or $USER)
  The plan as in force on a day: kizuna show PLAN-ID --as-of DAY
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      side: { type: 'string' },
      title: { type: 'string' },
      rationale: { type: 'string' },
      withdraw: { type: 'string', multiple: true },
      add: { type: 'string', multiple: true },
      reword: { type: 'string', multiple: true },
      'period-start': { type: 'string' },
      'period-end': { type: 'string' },
      cadence: { type: 'string', multiple: true },
      effective: { type: 'string' },
      instrument: { type: 'string' },
      file: { type: 'string' },
      comment: { type: 'string' },
      author: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      ...dataOption,
    });
    const [action, id, ...extra] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`give one of ${ACTIONS.join(', ')}`);
    if (!id || extra.length) throw new UsageError(`give exactly one ${action === 'propose' || action === 'list' || action === 'redline' ? 'plan' : 'amendment'} id`);
    const pair = (item: string, flag: string): [string, string] => {
      const at = item.indexOf('=');
      if (at < 1) throw new UsageError(`${flag} takes ID=VALUE, not '${item}'`);
      return [item.slice(0, at), item.slice(at + 1)];
    };
    const version = (value: string | undefined, flag: string) => {
      if (value === undefined) return undefined;
      if (!/^\d{1,5}$/.test(value)) throw new UsageError(`${flag} takes a version number (0 = as signed)`);
      return Number(value);
    };
    let file: InstrumentFile | null = null;
    if (values.file) {
      const path = resolve(io.cwd, values.file);
      try {
        file = { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
      } catch (error) {
        throw new Error(`${values.file}: cannot read the instrument file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const actor: Actor = { principal: LOCAL_ADMINISTRATOR, name: values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? 'local' };
    return withRegister(values.data, io.env, async (store) => {
      if (action === 'list') {
        const list = await amendmentsOf(store, id, CLI_SCOPE);
        io.out(values.json ? JSON.stringify(list, null, 2) + '\n' : list.map(amendmentText).join('\n') || `${id}: no amendments\n`);
        return 0;
      }
      if (action === 'redline') {
        const red = await planRedline(store, id, version(values.from, '--from'), version(values.to, '--to'), CLI_SCOPE);
        if (values.json) {
          io.out(JSON.stringify(red, null, 2) + '\n');
          return 0;
        }
        io.out(`${id}: version ${red.from} → ${red.to}\n`);
        for (const c of red.commitments) io.out(`  ${c.change.padEnd(9)} ${c.key}: ${marked(c.parts)}\n`);
        if (red.period) io.out(`  period    ${red.period.from.start ?? '?'}–${red.period.from.end ?? '?'} → ${red.period.to.start ?? '?'}–${red.period.to.end ?? '?'}\n`);
        for (const m of red.mechanisms) io.out(`  cadence   ${m.name}: ${m.from} → ${m.to}\n`);
        for (const p of red.provisions) io.out(`  provision ${p.id}: ${marked(p.parts)}\n`);
        return 0;
      }
      let amendment: Amendment;
      if (action === 'propose') {
        if (!values.title || !values.rationale) throw new UsageError('propose needs --title and --rationale');
        const changes: AmendmentChanges = {};
        if (values.withdraw?.length) changes.withdraw = values.withdraw;
        if (values.add?.length) changes.add = values.add.map((text) => ({ text }));
        if (values.reword?.length) changes.reword = values.reword.map((r) => pair(r, '--reword')).map(([commitmentId, text]) => ({ commitmentId, text }));
        if (values.cadence?.length) changes.cadence = values.cadence.map((r) => pair(r, '--cadence')).map(([mechanismId, cadence]) => ({ mechanismId, cadence: cadence as never }));
        if (values['period-start'] || values['period-end']) changes.period = { ...(values['period-start'] ? { start: values['period-start'] } : {}), ...(values['period-end'] ? { end: values['period-end'] } : {}) };
        amendment = await proposeAmendment(store, actor, { planId: id, title: values.title, rationale: values.rationale, changes, effectiveDate: values.effective ?? null, ...(values.side ? { side: values.side } : {}), instrument: values.instrument ?? null, file });
      } else if (action === 'withdraw') {
        amendment = await withdrawAmendment(store, actor, id);
      } else {
        amendment = await respondToAmendment(store, actor, id, { decision: action as 'consent' | 'decline' | 'comment', ...(values.side ? { side: values.side } : {}), instrument: values.instrument ?? null, file, comment: values.comment ?? null });
      }
      io.out(values.json ? JSON.stringify(amendment, null, 2) + '\n' : amendmentText(amendment));
      return 0;
    });
  },
};
