// Deterministic, hierarchical node ids ("s2.1", "s2.1/l1/i3") and small helpers to walk the tree.
import type { RootNode, TreeNode } from '../types.js';

const PREFIX: Record<string, string> = {
  paragraph: 'p',
  list: 'l',
  listItem: 'i',
  table: 't',
  tableRow: 'r',
  tableCell: 'c',
  sentence: 'x',
};

/**
 * Numbers sections by their position ("s1", "s1.2") and other nodes within their parent ("s1.2/p1").
 * Ids depend only on the document's structure, so a re-extraction of the same text gives the same ids.
 */
export function assignIds(root: RootNode): void {
  const visit = (node: TreeNode, parentId: string, sectionPath: string) => {
    const counts = new Map<string, number>();
    let sections = 0;
    for (const child of 'children' in node ? (node.children as TreeNode[]) : []) {
      if (child.type === 'section') {
        sections++;
        const path = sectionPath ? `${sectionPath}.${sections}` : `s${sections}`;
        child.id = path;
        visit(child, path, path);
      } else {
        const prefix = PREFIX[child.type] ?? 'n';
        const n = (counts.get(prefix) ?? 0) + 1;
        counts.set(prefix, n);
        child.id = `${parentId === 'root' ? '' : parentId + '/'}${prefix}${n}`;
        visit(child, child.id, sectionPath);
      }
    }
  };
  visit(root, 'root', '');
}

/** Depth-first, document order; `enter` may return false to skip a node's children. */
export function walk(node: TreeNode, enter: (node: TreeNode, parents: TreeNode[]) => boolean | void, parents: TreeNode[] = []): void {
  if (enter(node, parents) === false) return;
  if ('children' in node) {
    const next = [...parents, node];
    for (const child of node.children as TreeNode[]) walk(child, enter, next);
  }
}

/** The text a node covers, white space folded: what a commitment's `text` is made of. */
export function textOf(text: string, node: { span: { start: number; end: number } }): string {
  return text.slice(node.span.start, node.span.end).replace(/\s+/g, ' ').trim();
}
