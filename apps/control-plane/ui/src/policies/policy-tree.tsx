/** The policy modules as a tree: ids split on "." (authz.rbac sits under authz). */
import type { PolicySummary } from '../api/types';
import { Link } from '../components/ui';

interface Node {
  readonly name: string;
  readonly children: Map<string, Node>;
  policy?: PolicySummary;
}

export function buildTree(policies: readonly PolicySummary[]): Node {
  const root: Node = { name: '', children: new Map() };
  for (const p of policies) {
    let node = root;
    for (const part of p.id.split('.')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { name: part, children: new Map() }));
      node = next;
    }
    node.policy = p;
  }
  return root;
}

export function PolicyTree(props: { policies: readonly PolicySummary[]; selected: string | null }) {
  const root = buildTree(props.policies);
  return (
    <nav aria-label="Policy modules" class="tree">
      <Branch node={root} selected={props.selected} />
    </nav>
  );
}

function Branch(props: { node: Node; selected: string | null }) {
  const kids = [...props.node.children.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <ul>
      {kids.map((n) => (
        <li key={n.name}>
          {n.policy ? (
            <Link href={`/policies/${encodeURIComponent(n.policy.id)}`} class="tree-leaf" aria-current={props.selected === n.policy.id ? 'page' : undefined}>
              {n.name}
              <span class="badge" title={`version ${n.policy.version}`}>
                v{n.policy.version}
              </span>
            </Link>
          ) : (
            <span class="tree-group">{n.name}</span>
          )}
          {n.children.size > 0 && <Branch node={n} selected={props.selected} />}
        </li>
      ))}
    </ul>
  );
}
