// `kizuna show <id>`: one plan (with its commitments in outline), commitment or organization.
import { registerShow, type CommitmentView } from '../../ops/register-query.js';
import { planInForce, type PlanVersionView } from '../../ops/plan-amend.js';
import { withRegister } from '../../ops/open-register.js';
import { lineageOf, renewalView, type CommitmentLineage, type LineageStep, type RenewalView } from '../../ops/lineage.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';

function planText(plan: PlanVersionView, renewal: RenewalView): string {
  const lines = [
    `${plan.title ?? plan.documentName}`,
    `  id ${plan.id} · ${plan.kind} · ${plan.parties.join('-')} · ${plan.status}`,
    `  period ${plan.period.start ?? '?'}–${plan.period.end ?? '?'} · signed ${plan.signed.date ?? '?'}${plan.signed.place ? ` in ${plan.signed.place}` : ''}`,
    ...(plan.supersedes ? [`  supersedes ${plan.supersedes}`] : []),
    ...(plan.supersededBy ? [`  superseded by ${plan.supersededBy}`] : []),
    ...(renewal.renewal ? [`  renews ${renewal.renewal.renews}: ${renewal.pairs.filter((p) => p.linked).length} commitments carried over (kizuna renew ${plan.id} --show)`] : []),
    ...renewal.renewedBy.map((p) => `  renewed by ${p.id}`),
    `  document ${plan.documentName} (${plan.mediaType}, sha256 ${plan.documentId.slice(0, 12)}…)`,
    `  as in force on ${plan.asOf}: version ${plan.planVersion} of ${plan.versions.length - 1}${plan.applied.map((a) => `; amendment ${a.number} from ${a.effectiveDate}`).join('')}`,
    '',
  ];
  let section: string | null = null;
  for (const c of plan.commitments) {
    if (c.section !== section) {
      section = c.section;
      lines.push(`## ${section ?? '(no section)'}`);
    }
    const depth = c.parentId ? '    ' : '  ';
    const amended = plan.amendedBy[c.id];
    lines.push(`${depth}- [${c.strength}] ${c.text}  (${c.key}${amended ? `, ${amended.change} by amendment ${amended.amendment}` : ''})`);
  }
  for (const [label, items] of [
    ['Instruments', plan.instruments.map((i) => `${i.kind}: ${i.title}${i.date ? ` (${i.date})` : ''}`)],
    ['Mechanisms', plan.mechanisms.map((m) => `${m.name} (${m.cadence})`)],
    ['Organizations', plan.organizations.map((o) => `${o.id}: ${o.name}`)],
  ] as const) {
    if (items.length) lines.push('', `${label}:`, ...items.map((i) => `  ${i}`));
  }
  return lines.join('\n') + '\n';
}

/** One commitment of a lineage: where, how well it matched, its status, then its updates and meetings. */
function stepText(label: string, step: LineageStep): string[] {
  return [
    `  ${label} ${step.id} (${step.planTitle ?? step.planId}, ${step.periodStart ?? '?'}–${step.periodEnd ?? '?'}; match ${step.score.toFixed(2)}${step.origin === 'person' ? ', linked by hand' : ''}): ${step.status}`,
    `      ${step.text}`,
    ...step.updates.map((u) => `      ${u.date} ${u.status}${u.note ? `: ${u.note}` : ''}`),
    ...step.meetings.map((m) => `      ${m.date} meeting of ${m.mechanismName}${m.place ? ` in ${m.place}` : ''}`),
  ];
}

function commitmentText(c: CommitmentView, lineage: CommitmentLineage): string {
  return [
    c.text,
    `  id ${c.id} (version ${c.version}${c.corrected ? ', corrected' : ''})`,
    `  plan ${c.planId}: ${c.planTitle ?? ''}`,
    `  section ${c.section ?? '-'} · strength ${c.strength}${c.strengthCue ? ` ("${c.strengthCue}")` : ''}`,
    `  themes ${c.themes.map((t) => `${t.theme} ("${t.cue}")`).join(', ') || '-'}`,
    `  actors ${c.actors.map((a) => a.acronym ?? a.name).join(', ') || '-'}`,
    `  span ${c.span.start}–${c.span.end}${c.parentId ? ` · under ${c.parentId}` : ''}`,
    ...lineage.predecessors.flatMap((step) => stepText('carried over from', step)),
    ...lineage.successors.flatMap((step) => stepText('carried over into', step)),
  ].join('\n') + '\n';
}

export const showCommand: Command = {
  usage: `Usage: kizuna show ID [--as-of DAY] [--json] [--data DIR]

  ID is a plan (p-1a2b3c4d5e6f), a commitment (p-1a2b3c4d5e6f:s2/c1) or an organization (JP:meti),
  as printed by 'kizuna list' and 'kizuna search'.
  --as-of DAY     a plan as in force on that day (YYYY-MM-DD; default today): amendments in effect by then applied
  --json          the full record as JSON (a plan includes its text, sections and commitments)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...dataOption, json: { type: 'boolean' }, 'as-of': { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give one id');
    const id = positionals[0]!;
    return withRegister(values.data, io.env, async (store) => {
      const found = await registerShow(store, CLI_SCOPE, id);
      if (!found) {
        io.err(`kizuna show: no plan, commitment or organization with id '${id}'\n`);
        return 1;
      }
      if (values['as-of'] !== undefined && found.entity !== 'plan') throw new UsageError('--as-of goes with a plan id');
      const shown = found.entity === 'plan' ? { entity: 'plan' as const, plan: await planInForce(store, id, values['as-of'], CLI_SCOPE) } : found;
      const lineage = shown.entity === 'commitment' ? await lineageOf(store, id, CLI_SCOPE) : null;
      if (values.json) {
        const { entity, ...record } = shown;
        io.out(JSON.stringify({ entity, ...Object.values(record)[0], ...(lineage ? { lineage: { predecessors: lineage.predecessors, successors: lineage.successors } } : {}) }, null, 2) + '\n');
      } else if (shown.entity === 'plan') {
        io.out(planText(shown.plan, await renewalView(store, id, CLI_SCOPE)));
      } else if (shown.entity === 'commitment') {
        io.out(commitmentText(shown.commitment, lineage!));
      } else {
        const o = shown.organization;
        io.out(`${o.name}${o.acronym ? ` (${o.acronym})` : ''}\n  id ${o.id} · party ${o.party ?? '-'}\n`);
        io.out(`  named in ${o.plans} plans, ${o.commitments} commitments\n`);
        for (const p of o.partners) io.out(`  with ${p.party}: ${p.commitments} commitments\n`);
      }
      return 0;
    }, true);
  },
};
