// Deterministic, hierarchical node ids ("s2.1", "s2.1/l1/i3") and small helpers to walk the tree.
import type { RootNode, TreeNode } from '../types.js';

/**
 * Numbers sections by their position ("s1", "s1.2") and other nodes within their parent ("s1.2/p1").
 * Ids depend only on the document's structure, so a re-extraction of the same text gives the same ids.
 */
export function assignIds(root: RootNode): void {
  assignChildIds(root.children, '', '');
}

/**
 * `base` is the parent's id and "/" ("" under the root). One count per kind of child, in locals: the walk meets every
 * node, and an array of counts per parent was a good part of what the tree builder allocated.
 */
function assignChildIds(children: TreeNode[], base: string, sectionPath: string): void {
  let sections = 0;
  let paragraphs = 0;
  let lists = 0;
  let items = 0;
  let tables = 0;
  let rows = 0;
  let cells = 0;
  let sentences = 0;
  let others = 0;
  // The id prefix of the sentences, built once for all of them rather than joined anew for each.
  let sentenceBase: string | null = null;
  for (const child of children) {
    switch (child.type) {
      case 'section': {
        const path = sectionPath ? `${sectionPath}.${++sections}` : `s${++sections}`;
        child.id = path;
        assignChildIds(child.children, `${path}/`, path);
        continue;
      }
      // Most nodes are sentences, which hold nothing.
      case 'sentence':
        sentenceBase ??= `${base}x`;
        child.id = `${sentenceBase}${++sentences}`;
        continue;
      // Every other kind holds children: walked straight on, not asked whether it has any.
      case 'paragraph':
        child.id = `${base}p${++paragraphs}`;
        break;
      case 'list':
        child.id = `${base}l${++lists}`;
        break;
      case 'listItem':
        child.id = `${base}i${++items}`;
        break;
      case 'table':
        child.id = `${base}t${++tables}`;
        break;
      case 'tableRow':
        child.id = `${base}r${++rows}`;
        break;
      case 'tableCell':
        child.id = `${base}c${++cells}`;
        break;
      default:
        // No other kind stands below the root: numbered apart should one ever be added.
        (child as { id: string }).id = `${base}n${++others}`;
        if ('children' in child) assignChildIds(child.children as TreeNode[], `${(child as { id: string }).id}/`, sectionPath);
        continue;
    }
    assignChildIds(child.children, `${child.id}/`, sectionPath);
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
