/**
 * The check stage: parsed modules (and an optional query) → `CheckedProgram`. It runs an explicit list
 * of passes, one file each, over a shared context. Diagnostics are collected across passes; a pass
 * whose errors leave the tree unusable for later passes (unresolved names, unknown functions,
 * unordered bodies) marks what it broke, and the passes that need it are skipped.
 */
import { lookupBuiltin } from '../builtins/registry';
import type { Module, Query, Term } from '../syntax/ast';
import { mkRef, mkString, mkVar } from './ast-util';
import { type BuiltinLookup, type BuiltinSignature, CORE_BUILTINS } from './builtin-api';
import { CheckContext, type CheckOptions, type TreeNode, VarGen, type WorkRule } from './compile-context';
import { checkRuleConflicts } from './conflicts';
import { checkModuleRules } from './imports';
import type { ArityFn } from './output-vars';
import { rewritePrintCalls } from './print';
import type { CheckedProgram, CheckedRule, RuleTreeNode } from './program';
import { checkRecursion } from './recursion';
import { resolveRefs } from './resolve-refs';
import { rewriteDynamicTerms } from './rewrite-dynamics';
import { rewriteHeads } from './rewrite-heads';
import { rewriteLocalVars } from './rewrite-locals';
import { rewriteExprTerms } from './rewrite-terms';
import { buildRuleTree } from './rule-tree';
import { checkSafety } from './safety';
import { checkTypes } from './types';
import { checkUndefinedFuncs, functionArity } from './undefined-funcs';
import { rewriteWithValues } from './with-values';

/** What a pass's errors make unusable: resolved names, known callees, safe ordering. */
type Guarantee = 'names' | 'calls' | 'order';

/** One check pass. */
export interface CheckPass {
  readonly name: string;
  readonly run: (ctx: CheckContext, arity: ArityFn) => void;
  /** Skipped when an earlier pass broke one of these. */
  readonly needs: readonly Guarantee[];
  /** Broken when this pass reports an error. */
  readonly breaks?: Guarantee;
}

/** The passes, in order (OPA's stage order where it matters). */
export const CHECK_PASSES: readonly CheckPass[] = [
  { name: 'checkModuleRules', run: checkModuleRules, needs: [] },
  { name: 'buildRuleTree', run: buildRuleTree, needs: [] },
  { name: 'checkRuleConflicts', run: checkRuleConflicts, needs: [] },
  { name: 'resolveRefs', run: resolveRefs, needs: [], breaks: 'names' },
  { name: 'rewriteHeads', run: rewriteHeads, needs: [] },
  { name: 'rewriteLocalVars', run: rewriteLocalVars, needs: [], breaks: 'names' },
  { name: 'rewritePrintCalls', run: rewritePrintCalls, needs: ['names'] },
  { name: 'checkUndefinedFuncs', run: checkUndefinedFuncs, needs: ['names'], breaks: 'calls' },
  { name: 'rewriteExprTerms', run: rewriteExprTerms, needs: ['names'] },
  { name: 'rewriteWithValues', run: rewriteWithValues, needs: ['names'] },
  // Not gated on 'calls': it skips only the bodies holding a call error (WorkRule.callErrors).
  { name: 'checkSafety', run: checkSafety, needs: ['names'], breaks: 'order' },
  { name: 'rewriteDynamicTerms', run: rewriteDynamicTerms, needs: ['names', 'calls', 'order'] },
  { name: 'checkRecursion', run: checkRecursion, needs: ['names'] },
  { name: 'checkTypes', run: checkTypes, needs: ['names', 'calls', 'order'] },
];

export type CheckPassName = (typeof CHECK_PASSES)[number]['name'];

/** Options of `checkProgram`; `builtins` defaults to the builtin registry. */
export interface CheckProgramOptions extends Omit<CheckOptions, 'builtins'> {
  readonly query?: Query;
  readonly builtins?: BuiltinLookup;
  /** Stop after the named pass (tests inspect intermediate trees). */
  readonly stopAfter?: string;
  /** When given, receives the milliseconds each pass took. */
  readonly timings?: Record<string, number>;
}

/** Runs every check pass over the modules (and query) and returns the checked program. */
export function checkProgram(modules: readonly Module[], opts: CheckProgramOptions = {}): CheckedProgram {
  const ctx = new CheckContext(modules, { ...opts, builtins: withCoreBuiltins(opts.builtins ?? registryBuiltins()) });
  if (opts.query) ctx.query = { body: opts.query.body, loc: opts.query.loc, file: opts.query.loc.file, bindings: [], gen: new VarGen() };
  const arity: ArityFn = (op) => functionArity(ctx, op) ?? -1;
  const broken = new Set<Guarantee>();
  for (const pass of CHECK_PASSES) {
    if (pass.needs.some((g) => broken.has(g))) continue;
    const before = ctx.diags.errors.length;
    const t0 = opts.timings ? performance.now() : 0;
    pass.run(ctx, arity);
    if (opts.timings) opts.timings[pass.name] = performance.now() - t0;
    if (pass.breaks && ctx.diags.errors.length > before) broken.add(pass.breaks);
    if (opts.stopAfter === pass.name) break;
  }
  return freeze(ctx);
}

/** The builtin registry as a `BuiltinLookup`. */
export function registryBuiltins(): BuiltinLookup {
  return {
    get: (name) => {
      const b = lookupBuiltin(name);
      return b && b.impl !== 'unsupported' ? b : undefined;
    },
    isKnownUnsupported: (name) => lookupBuiltin(name)?.impl === 'unsupported',
    isDeprecated: (name) => lookupBuiltin(name)?.deprecated === true,
    describe: (name) => lookupBuiltin(name),
  };
}

/** The builtins the compiler itself emits (`eq`, `internal.print`, ...) are always known. */
function withCoreBuiltins(inner: BuiltinLookup): BuiltinLookup {
  const core = new Map<string, BuiltinSignature>(CORE_BUILTINS.map((b) => [b.name, b]));
  return {
    get: (name) => inner.get(name) ?? core.get(name),
    isKnownUnsupported: (name) => !core.has(name) && inner.isKnownUnsupported?.(name) === true,
    isDeprecated: (name) => inner.isDeprecated?.(name) === true,
    describe: (name) => inner.get(name) ?? core.get(name) ?? inner.describe?.(name),
  };
}

function freeze(ctx: CheckContext): CheckedProgram {
  const rules = ctx.rules.map(toCheckedRule);
  const builtinsUsed = [...ctx.builtinsUsed].filter((n) => n !== 'eq' && ctx.builtin(n) !== undefined).sort();
  return {
    modules: ctx.modules,
    rules,
    tree: freezeNode(ctx.tree, rules),
    query: ctx.query && { body: ctx.query.body, bindings: ctx.query.bindings, loc: ctx.query.loc },
    builtinsUsed,
    builtinSignatures: new Map(builtinsUsed.map((n) => [n, ctx.builtin(n) as BuiltinSignature])),
    diagnostics: ctx.diags.sorted(),
  };
}

function toCheckedRule(r: WorkRule): CheckedRule {
  const loc = r.source.loc;
  const ref = mkRef(mkVar('data', loc), [...r.path.slice(1).map((k) => mkString(k, loc)), ...r.suffix], loc);
  return {
    id: r.id,
    kind: r.kind,
    path: r.path,
    suffix: r.suffix,
    ref,
    args: r.args,
    key: r.key,
    value: r.value ?? (r.kind === 'multi' ? undefined : ({ kind: 'boolean', value: true, loc } as Term)),
    body: r.body,
    elses: r.elses.map((e) => ({ value: e.value, body: e.body, loc: e.loc })),
    isDefault: r.source.isDefault,
    source: r.source,
    file: r.module.file,
    loc,
  };
}

function freezeNode(n: TreeNode, rules: readonly CheckedRule[]): RuleTreeNode {
  const children = new Map<string, RuleTreeNode>();
  for (const [k, c] of n.children) children.set(k, freezeNode(c, rules));
  return {
    key: n.key,
    path: n.path,
    rules: n.rules.map((r) => rules[r.id] as CheckedRule),
    children,
    isPackage: n.packages.length > 0,
  };
}
