/**
 * The policy tree's model, apart from its rendering so it can be specified on its own:
 * ids split on "." into nodes, the items visible given which groups are closed, and what
 * each key of the WAI-ARIA tree pattern does (see policy-tree.tsx).
 */
import type { PolicySummary } from '../api/types';

export interface TreeNode {
  /** The dotted id up to this node (`authz.rbac`): unique, used as the item's key. */
  readonly key: string;
  readonly name: string;
  readonly children: Map<string, TreeNode>;
  policy?: PolicySummary;
}

export function buildTree(policies: readonly PolicySummary[]): TreeNode {
  const root: TreeNode = { key: '', name: '', children: new Map() };
  for (const p of policies) {
    let node = root;
    for (const part of p.id.split('.')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { key: node.key ? `${node.key}.${part}` : part, name: part, children: new Map() }));
      node = next;
    }
    node.policy = p;
  }
  return root;
}

/** An item as shown: its node, depth and place among its siblings (for aria-level/posinset). */
export interface VisibleItem {
  readonly node: TreeNode;
  readonly level: number;
  readonly parent: string | null;
  readonly pos: number;
  readonly size: number;
}

function sortedChildren(node: TreeNode): TreeNode[] {
  return [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The items a reader can reach, top to bottom: children of collapsed nodes are hidden. */
export function visibleItems(root: TreeNode, collapsed: ReadonlySet<string>): VisibleItem[] {
  const out: VisibleItem[] = [];
  const walk = (node: TreeNode, level: number) => {
    const kids = sortedChildren(node);
    kids.forEach((n, i) => {
      out.push({ node: n, level, parent: node.key || null, pos: i + 1, size: kids.length });
      if (n.children.size > 0 && !collapsed.has(n.key)) walk(n, level + 1);
    });
  };
  walk(root, 1);
  return out;
}

/** Where a key press moves focus, or which node it toggles; null when the key is not the tree's. */
export type TreeMove = { focus: string } | { toggle: string; open: boolean } | { expandSiblings: string } | { activate: string };

export function treeKey(items: readonly VisibleItem[], collapsed: ReadonlySet<string>, current: string, key: string): TreeMove | null {
  const i = items.findIndex((x) => x.node.key === current);
  if (i < 0) return items.length ? { focus: items[0].node.key } : null;
  const item = items[i];
  const isGroup = item.node.children.size > 0;
  const open = isGroup && !collapsed.has(item.node.key);
  switch (key) {
    case 'ArrowDown':
      return i + 1 < items.length ? { focus: items[i + 1].node.key } : null;
    case 'ArrowUp':
      return i > 0 ? { focus: items[i - 1].node.key } : null;
    case 'Home':
      return { focus: items[0].node.key };
    case 'End':
      return { focus: items[items.length - 1].node.key };
    case 'ArrowRight':
      if (!isGroup) return null;
      return open ? { focus: items[i + 1].node.key } : { toggle: item.node.key, open: true };
    case 'ArrowLeft':
      if (open) return { toggle: item.node.key, open: false };
      return item.parent !== null ? { focus: item.parent } : null;
    case 'Enter':
    case ' ':
      return item.node.policy ? { activate: item.node.key } : isGroup ? { toggle: item.node.key, open: !open } : null;
    case '*':
      return { expandSiblings: item.node.key };
    default:
      return null;
  }
}

/** The next visible item after `from` (wrapping) whose name starts with `prefix`, case-insensitively. */
export function typeahead(items: readonly VisibleItem[], from: string, prefix: string): string | null {
  const start = items.findIndex((x) => x.node.key === from);
  const p = prefix.toLowerCase();
  // A repeated single letter cycles; a longer prefix may stay on the current item.
  const first = p.length > 1 ? 0 : 1;
  for (let k = first; k < items.length + first; k++) {
    const item = items[(start + k) % items.length];
    if (item.node.name.toLowerCase().startsWith(p)) return item.node.key;
  }
  return null;
}
