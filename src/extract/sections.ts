// The tree's sections as a flat list in reading order (the register and the evaluation output want records).
import type { RootNode, Section, SectionNode } from '../types.js';

export function listSections(root: RootNode): Section[] {
  const out: Section[] = [];
  const visit = (node: RootNode | SectionNode, parentId: string | null) => {
    for (const child of node.children) {
      if (child.type !== 'section') continue;
      out.push({
        id: child.id,
        number: child.number,
        title: child.title,
        level: child.level,
        kind: child.kind,
        parentId,
        span: { ...child.heading },
      });
      visit(child, child.id);
    }
  };
  visit(root, null);
  return out;
}
