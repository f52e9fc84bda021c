/**
 * Verifies that a checked program keeps the promises `program.ts` makes to the planner. Specs run it
 * on every conformance case, so a rewrite that breaks a promise fails there rather than in the
 * planner. Returns the violations found (empty when the program is well formed).
 */
import type { Body, Expr, Term } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';
import { exprVars, forEachChild, opName, termVars } from './ast-util';
import { type ArityFn, outputVarsForExpr, ROOT_VARS, safetyVars } from './output-vars';
import type { BuiltinLookup } from './builtin-api';
import { type CheckedProgram, rulesAt } from './program';
import { termToString } from './rule-tree';

/** The arity function of a checked program: user functions from the tree, builtins from `builtins`. */
export function programArity(p: CheckedProgram, builtins: BuiltinLookup): ArityFn {
  return (op) => {
    const path = refToStringPath(op);
    if (!path) return -1;
    if (path[0] === 'data') return rulesAt(p, path)[0]?.args.length ?? -1;
    const b = builtins.get(path.join('.'));
    return b && !b.variadic ? b.args.length : -1;
  };
}

export function verifyCheckedProgram(p: CheckedProgram, arity: ArityFn): string[] {
  const problems: string[] = [];
  for (const r of p.rules) {
    const where = `${r.file}:${r.loc.row} ${r.path.join('.')}`;
    const v = new Verifier(arity, (m) => problems.push(`${where}: ${m}`));
    const globals = new Set(ROOT_VARS);
    for (const a of r.args) termVars(a, globals);
    const head = [...r.suffix, ...r.args, ...(r.key ? [r.key] : []), ...(r.value ? [r.value] : [])];
    for (const t of head) v.plain(t, 'head term');
    v.body(r.body, globals);
    v.headBound(head, r.body, globals);
    for (const el of r.elses) {
      v.plain(el.value, 'else value');
      v.body(el.body, globals);
      v.headBound([el.value], el.body, globals);
    }
  }
  if (p.query) new Verifier(arity, (m) => problems.push(`query: ${m}`)).body(p.query.body, new Set(ROOT_VARS));
  return problems;
}

class Verifier {
  constructor(
    private readonly arity: ArityFn,
    private readonly report: (m: string) => void,
  ) {}

  body(body: Body, bound: ReadonlySet<string>): void {
    const safe = new Set(bound);
    for (const e of body) {
      this.expr(e);
      const out = outputVarsForExpr(e, this.arity, safe);
      for (const x of safetyVars(e)) if (!safe.has(x) && !out.has(x)) this.report(`var ${x} read before it is bound in ${show(e)}`);
      this.closures(e, safe);
      for (const x of out) safe.add(x);
    }
  }

  headBound(head: readonly Term[], body: Body, globals: ReadonlySet<string>): void {
    const vars = new Set(globals);
    for (const e of body) exprVars(e, vars, { skipClosures: true });
    for (const t of head) for (const x of termVars(t, new Set())) if (!vars.has(x)) this.report(`head var ${x} not bound by the body`);
  }

  private closures(e: Expr, outer: ReadonlySet<string>): void {
    const visit = (t: Term): void => {
      if (t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') {
        this.body(t.body, outer);
        const heads = t.kind === 'objectComprehension' ? [t.key, t.value] : [t.head];
        this.headBound(heads, t.body, outer);
        return;
      }
      forEachChild(t, visit);
    };
    if (e.kind === 'every') {
      const inner = new Set(outer);
      termVars(e.value, termVars(e.key ?? e.value, inner));
      this.body(e.body, inner);
    } else if (e.kind === 'callExpr') e.args.forEach(visit);
    else if (e.kind === 'termExpr') visit(e.term);
  }

  private expr(e: Expr): void {
    switch (e.kind) {
      case 'someDecl':
        this.report('someDecl left in body');
        return;
      case 'every':
        if (!e.key) this.report('every without key');
        if (e.domain.kind !== 'var') this.report(`every domain is not a var: ${termToString(e.domain)}`);
        return;
      case 'termExpr':
        this.inPlace(e.term);
        break;
      case 'callExpr':
        if (opName(e) === 'assign') this.report('assign left in body');
        if (opName(e) === 'eq') {
          if (e.args.length !== 2) this.report('eq without two args');
          e.args.forEach((a) => this.inPlace(a));
        } else e.args.forEach((a) => this.plain(a, 'call arg'));
        break;
    }
    for (const w of e.with) {
      const fn = w.value.kind === 'ref' && refToStringPath(w.value) !== undefined;
      if (!fn) this.plain(w.value, 'with value');
    }
  }

  /** An `eq` operand or term expression: a ref or comprehension is fine at the top. */
  private inPlace(t: Term): void {
    if (t.kind === 'ref') {
      if (t.head.kind !== 'var') this.report(`ref head is not a var: ${termToString(t)}`);
      else this.varName(t.head.name, true);
      t.path.forEach((p) => this.plain(p, 'ref operand'));
    } else if (t.kind !== 'arrayComprehension' && t.kind !== 'setComprehension' && t.kind !== 'objectComprehension') {
      this.plain(t, 'operand');
    }
  }

  /** No refs, calls or comprehensions anywhere inside. */
  plain(t: Term, what: string): void {
    if (t.kind === 'ref' || t.kind === 'call' || t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') {
      this.report(`${what} is not plain: ${termToString(t)}`);
      return;
    }
    if (t.kind === 'var') this.varName(t.name, false);
    forEachChild(t, (c) => this.plain(c, what));
  }

  private varName(name: string, refHead: boolean): void {
    if (name.startsWith('$')) return;
    if (refHead && ROOT_VARS.has(name)) return;
    this.report(`var ${name} is not a checked local`);
  }
}

function show(e: Expr): string {
  return `${e.loc.file}:${e.loc.row}:${e.loc.col}`;
}
