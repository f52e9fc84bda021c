/**
 * What evaluating a rule-tree node can read, transitively: the data paths its refs touch and the
 * functions/builtins it calls. `with` uses it to decide which rules to plan again under a scope, so
 * rules untouched by a `with` keep sharing one function. Computed lazily, only when a `with` needs it.
 */
import { forEachTermInExpr } from '../check/ast-util';
import type { CheckedProgram, CheckedRule, RuleTreeNode } from '../check/program';
import { findNode } from '../check/program';
import type { Body, Term } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';
import { overlaps, type Scope } from './scope';

interface Reach {
  /** Data paths (ground prefixes of refs, plus the node's own path). */
  readonly paths: readonly (readonly string[])[];
  /** Called builtins by name and user functions by dotted path (`data.pkg.f`). */
  readonly calls: ReadonlySet<string>;
}

export class DepIndex {
  private readonly reach = new Map<RuleTreeNode, Reach>();

  constructor(private readonly program: CheckedProgram) {}

  /** The innermost scope (from `scope` outwards) whose own effects touch `node`; the root when none. */
  resolve(node: RuleTreeNode, scope: Scope): Scope {
    for (let s: Scope | undefined = scope; s && !s.isRoot; s = s.parent) {
      if (this.affectedBy(node, s)) return s;
    }
    let root = scope;
    while (root.parent) root = root.parent;
    return root;
  }

  private affectedBy(node: RuleTreeNode, s: Scope): boolean {
    const r = this.reachOf(node);
    if (s.ownReplaced.some((t) => r.paths.some((p) => overlaps(p, t)))) return true;
    for (const k of s.ownMocks.keys()) if (r.calls.has(k)) return true;
    return false;
  }

  reachOf(node: RuleTreeNode): Reach {
    const cached = this.reach.get(node);
    if (cached) return cached;
    const paths: (readonly string[])[] = [node.path];
    const calls = new Set<string>();
    const direct = directDeps(node);
    for (const p of direct.paths) {
      paths.push(p);
      for (const n of this.nodesTouched(p)) if (n !== node) this.merge(this.reachOf(n), paths, calls);
    }
    for (const c of direct.calls) {
      calls.add(c);
      if (c.startsWith('data.')) {
        const n = findNode(this.program, c.split('.'));
        if (n && n !== node) this.merge(this.reachOf(n), paths, calls);
      }
    }
    for (const child of node.children.values()) {
      if (node.rules.length === 0 || node.rules[0]?.kind !== 'complete') this.merge(this.reachOf(child), paths, calls);
    }
    const r: Reach = { paths, calls };
    this.reach.set(node, r);
    return r;
  }

  private merge(r: Reach, paths: (readonly string[])[], calls: Set<string>): void {
    for (const p of r.paths) paths.push(p);
    for (const c of r.calls) calls.add(c);
  }

  /** Nodes with rules on the way to `path` and the topmost node below it (whose reach covers the rest). */
  private nodesTouched(path: readonly string[]): RuleTreeNode[] {
    const out: RuleTreeNode[] = [];
    let node: RuleTreeNode | undefined = this.program.tree;
    for (const key of path) {
      node = node.children.get(key);
      if (!node) return out;
      if (node.rules.length > 0) {
        out.push(node);
        return out;
      }
    }
    if (node) out.push(node);
    return out;
  }
}

function directDeps(node: RuleTreeNode): { paths: string[][]; calls: Set<string> } {
  const paths: string[][] = [];
  const calls = new Set<string>();
  // forEachTermInExpr visits call operators, `with` targets and values, and nested bodies too.
  const visit = (t: Term): void => {
    if (t.kind !== 'ref' || t.head.kind !== 'var') return;
    const head = t.head.name;
    if (head === 'input' || head.startsWith('$')) return;
    if (head === 'data') paths.push(groundPrefix(t));
    const name = refToStringPath(t)?.join('.');
    if (name) calls.add(name);
  };
  for (const r of node.rules) {
    for (const b of ruleBodies(r)) for (const e of b) forEachTermInExpr(e, visit);
  }
  return { paths, calls };
}

function ruleBodies(r: CheckedRule): Body[] {
  return [r.body, ...r.elses.map((e) => e.body)];
}

function groundPrefix(ref: Extract<Term, { kind: 'ref' }>): string[] {
  const out = ['data'];
  for (const p of ref.path) {
    if (p.kind !== 'string') break;
    out.push(p.value);
  }
  return out;
}
