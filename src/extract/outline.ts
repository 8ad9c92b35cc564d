// A Markdown outline of an extraction that a person can check against the source: every item with its line.
import type { Commitment, Extraction, Span } from '../types.js';

/** Renders sections → commitments (nested, with strength and actors) and the entities, each with `L<line>`. */
export function renderOutline(extraction: Extraction): string {
  const { text } = extraction.document;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = (span: Span) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= span.start) low = mid;
      else high = mid - 1;
    }
    return `L${low + 1}`;
  };
  const orgName = new Map(extraction.organizations.map((o) => [o.id, o.acronym ?? o.name]));
  const { metadata } = extraction;
  const out: string[] = [];
  out.push(`# ${metadata.title ?? extraction.document.name}`, '');
  out.push(`- document: ${extraction.document.name}`);
  out.push(`- kind: ${metadata.kind}`);
  out.push(`- parties: ${metadata.parties.join(', ') || '—'}`);
  out.push(`- period: ${metadata.period.start ?? '?'} – ${metadata.period.end ?? '?'}`);
  out.push(`- signed: ${metadata.signed.date ?? '—'}${metadata.signed.place ? `, ${metadata.signed.place}` : ''}`);
  const counts = { firm: 0, intent: 0, exploratory: 0 };
  for (const c of extraction.commitments) counts[c.strength]++;
  out.push(`- commitments: ${extraction.commitments.length} (firm ${counts.firm}, intent ${counts.intent}, exploratory ${counts.exploratory})`, '');

  const children = new Map<string | null, Commitment[]>();
  for (const c of extraction.commitments) {
    const key = c.parentId ?? `section:${c.sectionId ?? ''}`;
    children.set(key, [...(children.get(key) ?? []), c]);
  }
  const writeCommitments = (list: Commitment[], depth: number) => {
    for (const c of list) {
      const actors = c.actors.length ? ` — ${c.actors.map((id) => orgName.get(id) ?? id).join(', ')}` : '';
      out.push(`${'  '.repeat(depth)}- **${c.strength}** ${c.text} _(${line(c.span)}${actors})_`);
      writeCommitments(children.get(c.id) ?? [], depth + 1);
    }
  };
  writeCommitments(children.get('section:') ?? [], 0);
  for (const section of extraction.sections) {
    const heading = [section.number, section.title].filter(Boolean).join(' ') || '(untitled)';
    out.push('', `${'#'.repeat(Math.min(section.level + 1, 6))} ${heading} _(${line(section.span)})_`, '');
    writeCommitments(children.get(`section:${section.id}`) ?? [], 0);
  }
  const list = (title: string, items: { label: string; span: Span }[]) => {
    if (!items.length) return;
    out.push('', `## ${title}`, '');
    for (const item of items) out.push(`- ${item.label} _(${line(item.span)})_`);
  };
  list('Organizations', extraction.organizations.map((o) => ({ label: `${o.name}${o.acronym ? ` (${o.acronym})` : ''} — ${o.party ?? '?'}`, span: o.span })));
  list('Instruments', extraction.instruments.map((i) => ({ label: `${i.kind}: ${i.title}${i.date ? ` (${i.date})` : ''}`, span: i.span })));
  list('Mechanisms', extraction.mechanisms.map((m) => ({ label: `${m.name} — ${m.cadence}`, span: m.span })));
  list('Provisions', extraction.provisions.map((p) => ({ label: `${p.kind}: ${p.text}`, span: p.span })));
  return out.join('\n') + '\n';
}
