/**
 * Pass: rule conflicts found in the rule tree (OPA's CheckRuleConflicts), all `rego_type_error`:
 * - different kinds or function arities at one path → `conflicting rules data.p found`;
 * - a rule with a ground ref whose extent holds other rules → `rule data.p conflicts with [data.p.q]`;
 * - more than one `default` → `multiple default rules data.p found at ...`;
 * - a package declared at the path of a ground rule → `package x conflicts with rule data.a.x ...`.
 * A complete rule defined twice with `:=` is not an error: OPA v1 accepts `p := true` twice (the
 * conformance cases do it) and reports differing values at run time (`eval_conflict_error`).
 */
import type { Location } from '../diagnostics';
import type { CheckContext, TreeNode, WorkRule } from './compile-context';
import { ruleRefString } from './rule-tree';

export function checkRuleConflicts(ctx: CheckContext): void {
  visit(ctx, ctx.tree);
}

function visit(ctx: CheckContext, node: TreeNode): void {
  if (node.rules.length > 0) checkNode(ctx, node);
  for (const child of node.children.values()) visit(ctx, child);
}

function checkNode(ctx: CheckContext, node: TreeNode): void {
  const rules = node.rules;
  const first = rules[0] as WorkRule;
  const name = ruleRefString(first);
  const kinds = new Set(rules.map((r) => r.kind));
  const arities = new Set(rules.map((r) => r.args.length));
  const defaults = rules.filter((r) => r.source.isDefault);

  const ground = rules.find((r) => r.suffix.length === 0);
  if (ground && node.children.size > 0) {
    const below = collectBelow(node).map(ruleRefString);
    ctx.error('rego_type_error', `rule ${name} conflicts with [${below.join(' ')}]`, ground.source.loc);
  } else if (kinds.size > 1 || arities.size > 1) {
    const odd = rules.find((r) => r.kind !== first.kind || r.args.length !== first.args.length) ?? first;
    ctx.error('rego_type_error', `conflicting rules ${name} found`, odd.source.loc);
  } else if (defaults.length > 1) {
    const at = defaults.map((r) => fmtLoc(r.source.loc)).join(', ');
    ctx.error('rego_type_error', `multiple default rules ${name} found at ${at}`, (defaults[1] as WorkRule).source.loc);
  }
  if (ground && node.packages.length > 0) {
    for (const mod of node.packages) {
      const pkg = `package ${mod.package.path.join('.')}`;
      ctx.error('rego_type_error', `${pkg} conflicts with rule ${name} defined at ${fmtLoc(ground.source.loc)}`, mod.package.loc);
    }
  }
}

function collectBelow(node: TreeNode): WorkRule[] {
  const out: WorkRule[] = [];
  for (const c of node.children.values()) {
    out.push(...c.rules);
    out.push(...collectBelow(c));
  }
  return out;
}

export function fmtLoc(loc: Location): string {
  return `${loc.file}:${loc.row}:${loc.col}`;
}
