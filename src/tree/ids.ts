// Deterministic, hierarchical node ids ("s2.1", "s2.1/l1/i3") and small helpers to walk the tree.
import type { RootNode, TreeNode } from '../types.js';

// The id prefix of each kind of node other than a section, by its slot in the counts of assignChildIds.
const PREFIXES = ['p', 'l', 'i', 't', 'r', 'c', 'x', 'n'];

/** The slot of a node type in PREFIXES: a switch, as the walk meets every kind of node and a keyed lookup would not stay fast. */
function slotOf(type: TreeNode['type']): number {
  switch (type) {
    case 'paragraph':
      return 0;
    case 'list':
      return 1;
    case 'listItem':
      return 2;
    case 'table':
      return 3;
    case 'tableRow':
      return 4;
    case 'tableCell':
      return 5;
    case 'sentence':
      return 6;
    default:
      return 7;
  }
}

/**
 * Numbers sections by their position ("s1", "s1.2") and other nodes within their parent ("s1.2/p1").
 * Ids depend only on the document's structure, so a re-extraction of the same text gives the same ids.
 */
export function assignIds(root: RootNode): void {
  assignChildIds(root, 'root', '');
}

function assignChildIds(node: TreeNode, parentId: string, sectionPath: string): void {
  const children = 'children' in node ? (node.children as TreeNode[]) : null;
  if (!children?.length) return;
  // One count per prefix, by slot (cheaper than a Map per node).
  const counts = [0, 0, 0, 0, 0, 0, 0, 0];
  const base = parentId === 'root' ? '' : parentId + '/';
  let sections = 0;
  for (const child of children) {
    if (child.type === 'section') {
      sections++;
      const path = sectionPath ? `${sectionPath}.${sections}` : `s${sections}`;
      child.id = path;
      assignChildIds(child, path, path);
    } else {
      const slot = slotOf(child.type);
      child.id = `${base}${PREFIXES[slot]}${++counts[slot]!}`;
      // Most nodes are sentences, which hold nothing: no call for them.
      if (child.type !== 'sentence') assignChildIds(child, child.id, sectionPath);
    }
  }
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
