/**
 * Which input path a term reads, seen through aliases, for rule indexing (`rule-index.ts`).
 * Policies rarely test `input.resource.type == "T"` directly; they write
 * - a local alias: `r := input.resource; r.type == "T"` (checked: `eq($r_0, input.resource); eq($r_0.type, "T")`);
 * - a helper rule: `resource := input.resource` at package level, then `resource.type == "T"`
 *   (checked: `eq(data.pkg.resource.type, "T")`), Envoy style `method := input.attributes.request.http.method`.
 *
 * Both are safe to see through without changing evaluation:
 * - a top-level, non-negated `eq`/`equal` between a var and an input ref, with no `with`, holds
 *   whenever the body succeeds, whether it binds the var or compares it (locals are never rebound);
 *   it stays in the body, so the var still equals the input value when the indexed test is removed;
 * - a helper rule that is the only rule at its node (complete, not default, no `else`), whose body is
 *   `true` plus the one `eq` that defines its value from an input ref, is that input value exactly:
 *   defined when and only when the ref is. It must not be replaced by a `with` of the current scope.
 * Chains (`r := resource; s := r.spec`) resolve step by step.
 */
import type { CheckedRule, RuleTreeNode } from '../check/program';
import { virtualDocumentAt } from '../check/program';
import type { Body, Expr, Term } from '../syntax/ast';
import type { FuncCtx } from './context';
import { analysedOnce } from './memo';
import { overlaps } from './scope';

/** Locals of one body that equal an input value: var name → input path (possibly empty: `input` itself). */
export type InputAliases = ReadonlyMap<string, readonly string[]>;

const NO_ALIASES: InputAliases = new Map();

/** The input aliases a body defines (see the file comment for why each one is sound). */
export function bodyAliases(c: FuncCtx, body: Body): InputAliases {
  let out: Map<string, readonly string[]> | undefined;
  for (const e of body) {
    const pair = aliasPair(e);
    if (!pair || out?.has(pair.name)) continue;
    const path = inputPathOf(c, pair.ref, out ?? NO_ALIASES);
    if (path) (out ??= new Map()).set(pair.name, path);
  }
  return out ?? NO_ALIASES;
}

/** `eq($v, ref)` / `eq(ref, $v)` (or `equal`) without negation or `with`: the var and the ref. */
function aliasPair(e: Expr): { name: string; ref: Term } | undefined {
  if (e.kind !== 'callExpr' || e.negated || e.with.length > 0 || e.args.length !== 2) return undefined;
  const op = e.operator;
  if (op.path.length !== 0 || op.head.kind !== 'var' || (op.head.name !== 'eq' && op.head.name !== 'equal')) return undefined;
  const [a, b] = e.args as [Term, Term];
  if (a.kind === 'var' && b.kind === 'ref') return { name: a.name, ref: b };
  if (b.kind === 'var' && a.kind === 'ref') return { name: b.name, ref: a };
  return undefined;
}

/**
 * The input path `t` reads: `input.a.b`, a local alias (`$r.b` with `$r` = `input.a`), or a ref
 * into a helper rule (`data.pkg.resource.b`). Only ground string paths; undefined otherwise.
 */
export function inputPathOf(c: FuncCtx, t: Term, aliases: InputAliases): readonly string[] | undefined {
  if (t.kind === 'var') return aliases.get(t.name);
  if (t.kind !== 'ref' || t.head.kind !== 'var') return undefined;
  const rest = stringPath(t.path);
  if (!rest) return undefined;
  const head = t.head.name;
  if (head === 'input') return rest;
  if (head === 'data') return dataInputPath(c, ['data', ...rest], 0);
  const base = aliases.get(head);
  return base && [...base, ...rest];
}

function stringPath(path: readonly Term[]): string[] | undefined {
  const out: string[] = [];
  for (const p of path) {
    if (p.kind !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}

/** Helper chains are short; the bound only guards against a malformed program. */
const MAX_HELPER_DEPTH = 16;

/** `data.<path>` seen through a helper rule on it, as an input path. */
function dataInputPath(c: FuncCtx, abs: readonly string[], depth: number): readonly string[] | undefined {
  if (depth > MAX_HELPER_DEPTH) return undefined;
  const at = virtualDocumentAt(c.planner.program, abs);
  if (!at || at.node.children.size > 0) return undefined;
  const scope = c.scope;
  if (!scope.isRoot && scope.replaced.some((r) => overlaps(r, at.node.path))) return undefined; // `with` replaces the helper
  const def = helperDefinition(at.node);
  if (!def) return undefined;
  const base = def.head === 'input' ? def.path : dataInputPath(c, ['data', ...def.path], depth + 1);
  return base && [...base, ...at.rest];
}

/** What a helper rule's value reads: `input` or `data`, then a ground string path. */
interface HelperDef {
  readonly head: 'input' | 'data';
  readonly path: readonly string[];
}

/** The program's rules never change while it is planned: analyse each node once. */
const helperDefinition = analysedOnce(analyseHelper);

/** `resource := input.resource`, checked: `data.pkg.resource = $1 :- true; eq($1, input.resource)`. */
function analyseHelper(node: RuleTreeNode): HelperDef | undefined {
  if (node.rules.length !== 1) return undefined;
  const r = node.rules[0] as CheckedRule;
  if (r.kind !== 'complete' || r.isDefault || r.elses.length > 0 || r.suffix.length > 0 || r.value?.kind !== 'var') return undefined;
  const valueVar = r.value.name;
  let def: HelperDef | undefined;
  for (const e of r.body) {
    if (e.kind === 'termExpr' && !e.negated && e.with.length === 0 && e.term.kind === 'boolean' && e.term.value) continue;
    const pair = aliasPair(e);
    if (def || !pair || pair.name !== valueVar || pair.ref.kind !== 'ref' || pair.ref.head.kind !== 'var') return undefined;
    const head = pair.ref.head.name;
    const path = stringPath(pair.ref.path);
    if (!path || (head !== 'input' && head !== 'data')) return undefined;
    def = { head, path };
  }
  return def;
}
