/**
 * Which parts of `input` a compiled policy may read: an analysis of the checked program, for hosts
 * that build part of the input only when some policy can see it (Vigil's agents build the risk
 * context `input.vigil` only for bundles whose policies may read it).
 *
 * The answer is conservative: it may say "reads" for a policy that never does, never the reverse.
 * It walks every rule reachable from the entrypoints (through `data` refs, dynamic ones included,
 * and function calls) in evaluation order, and looks at each ref rooted at `input`:
 * - `input.vigil`, `input.vigil.x`, `input["vigil"]` read the path (`direct`);
 * - `input`, or a prefix of a longer path, used as a value (`count(input)`, `walk(input, ...)`,
 *   `json.marshal(input)`, `p := input`, `x in input`) may hand the path to anything (`whole`);
 * - `input[k]` with a key chosen at evaluation time, before the path is decided, may name it
 *   (`dynamic`; `some k, v in input` is such a ref).
 * Locals bound to input (`x := input`, `import input as req`) and parameters of user functions
 * called with input (`f(input)`) are followed like input itself: their refs are classified the same
 * way, and a use of them as a whole value is `whole` (a function returning its parameter included).
 * When some `with` replaces a user function, parameters are not followed (what runs may be another
 * function or a builtin): passing input to any function is then `whole`.
 * An expression carrying `with input as ...` (the whole input replaced, as `test_*` rules do)
 * reads nothing of the real input, nor does anything evaluated under it; its `with` values are
 * still looked at. A partial `with input.x as ...` replaces only part of it and changes nothing here.
 */
import type { CompileOptions } from '../api';
import { forEachChild, opName } from '../check/ast-util';
import type { CheckedProgram, CheckedQuery, CheckedRule, RuleTreeNode } from '../check/program';
import { findNode, hasErrors, pathToString } from '../check/program';
import { checkStage, defaultEntrypoints, parseStage } from '../compile';
import { DiagnosticBag, RegoCompileError, type Location } from '../diagnostics';
import { entrypointPath } from '../plan/planner';
import type { Body, CallExpr, Expr, RefTerm, Term } from '../syntax/ast';
import { refToStringPath } from '../syntax/ast';

/** How a rule may reach the input path: see the module comment. */
export type InputReadKind = 'direct' | 'whole' | 'dynamic';

/** One place that may read the input path. */
export interface InputReadSite {
  readonly kind: InputReadKind;
  /** The rule holding it, as a data path (`data.authz.allow`). */
  readonly rule: string;
  readonly location: Location;
}

/** The answer of `inputReads` / `policyReadsInput`. */
export interface InputReads {
  /** Whether evaluating any entrypoint may read the path. */
  readonly reads: boolean;
  /** The entrypoints (as given, or the default ones) whose evaluation may read it, sorted. */
  readonly entrypoints: readonly string[];
  /** Every site in rules reachable from some entrypoint, by rule then source order, without repeats. */
  readonly sites: readonly InputReadSite[];
}

/** How the program's ad-hoc query (when it has one) is named in `InputReads.entrypoints`. */
export const QUERY_ENTRYPOINT = '<query>';

/**
 * Whether the checked program may read `input.<path>` when its query (if any) or one of
 * `entrypoints` (slash- or dot-separated, as `compilePolicy` takes them; default: every rule, as
 * `compilePolicy` does without a query) is evaluated. `path` is the key path below `input`, e.g.
 * `['vigil']`; it must not be empty.
 */
export function inputReads(program: CheckedProgram, path: readonly string[], entrypoints?: readonly string[]): InputReads {
  if (path.length === 0) throw new RangeError('inputReads: the path below input must not be empty');
  if (hasErrors(program)) throw new RangeError('inputReads: the program has errors');
  const scan = new Scanner(program, path);
  const names = entrypoints ?? (program.query ? [] : defaultEntrypoints(program));
  const reading: string[] = [];
  const reached = new Set<number>();
  const query = program.query && scan.query(program.query);
  if (query) {
    if (query.sites.length > 0 || [...query.deps].some((id) => scan.reads(id))) reading.push(QUERY_ENTRYPOINT);
    for (const id of query.deps) scan.collect(id, reached);
  }
  for (const ep of names) {
    const roots = rulesOnPath(program, ['data', ...entrypointPath(ep)]);
    if (roots.some((id) => scan.reads(id))) reading.push(ep);
    for (const id of roots) scan.collect(id, reached);
  }
  const seen = new Set<string>();
  const sites = [...(query?.sites ?? []), ...[...reached].sort((a, b) => a - b).flatMap((id) => scan.facts(id).sites)]
    .filter((s) => {
      const key = `${s.kind} ${s.rule} ${s.location.file}:${s.location.row}:${s.location.col}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  return { reads: reading.length > 0, entrypoints: reading.sort(), sites };
}

/** Options of `policyReadsInput`: the modules and entrypoints as `compilePolicy` takes them, and the path. */
export interface PolicyReadsInputOptions extends Pick<CompileOptions, 'modules' | 'entrypoints' | 'query' | 'regoVersion' | 'customBuiltins'> {
  /** The key path below `input`, e.g. `['vigil']`. */
  readonly path: readonly string[];
}

/**
 * Parses and checks the modules (as `compilePolicy` does; errors throw `RegoCompileError`) and
 * answers `inputReads` for them.
 */
export function policyReadsInput(opts: PolicyReadsInputOptions): InputReads {
  const bag = new DiagnosticBag();
  const parsed = parseStage(opts, bag);
  const program = bag.hasErrors ? undefined : checkStage(parsed, opts, bag);
  if (bag.hasErrors || !program) {
    const errors = bag.sorted().filter((d) => d.severity !== 'warning');
    throw new RegoCompileError(errors, new Map(opts.modules.map((m) => [m.path, m.source])));
  }
  return inputReads(program, opts.path, opts.entrypoints);
}

/** What one rule does by itself: the sites it holds and the rules it may evaluate. */
interface RuleFacts {
  readonly sites: readonly InputReadSite[];
  readonly deps: ReadonlySet<number>;
}

/** Locals holding input or a prefix of the path: name → how many keys of the path it has taken. */
type Aliases = Map<string, number>;

type Report = (kind: InputReadKind, location: Location) => void;

/** What a scan looks at: a checked rule, or the query dressed as one. */
type ScannedRule = Pick<CheckedRule, 'id' | 'path' | 'body' | 'elses' | 'args' | 'suffix' | 'key' | 'value'>;

class Scanner {
  private readonly facts_ = new Map<number, RuleFacts>();
  private readonly reads_ = new Map<number, boolean>();
  private readonly paramSites_ = new Map<string, readonly InputReadSite[]>();
  private readonly refTargets = new Map<string, readonly number[]>();
  /** Some `with` replaces a user function (by a value, a builtin or another function): a call's parameters then say nothing certain. */
  private readonly functionsMocked: boolean;

  constructor(
    private readonly program: CheckedProgram,
    private readonly path: readonly string[],
  ) {
    this.functionsMocked = program.rules.some((r) => bodiesOf(r).some((b) => someExpr(b, (e) => e.with.some((w) => this.isFunctionRef(w.target)))));
  }

  /** Whether the rule, or any rule it may evaluate, holds a site. The rule graph is acyclic (checkRecursion). */
  reads(id: number): boolean {
    const known = this.reads_.get(id);
    if (known !== undefined) return known;
    this.reads_.set(id, false); // a guard only: checked programs have no cycles
    const facts = this.facts(id);
    let out = facts.sites.length > 0;
    for (const d of facts.deps) if (!out && this.reads(d)) out = true;
    this.reads_.set(id, out);
    return out;
  }

  /** Adds the rule and every rule it may evaluate to `into`. */
  collect(id: number, into: Set<number>): void {
    const stack = [id];
    while (stack.length > 0) {
      const r = stack.pop() as number;
      if (into.has(r)) continue;
      into.add(r);
      for (const d of this.facts(r).deps) if (!into.has(d)) stack.push(d);
    }
  }

  /** The ad-hoc query's own sites and the rules it may evaluate. */
  query(q: CheckedQuery): RuleFacts {
    return this.scan({ id: -1, path: [QUERY_ENTRYPOINT], body: q.body, elses: [], args: [], suffix: [] }, new Map());
  }

  facts(id: number): RuleFacts {
    let facts = this.facts_.get(id);
    if (!facts) {
      facts = this.scan(this.program.rules[id] as CheckedRule, new Map());
      this.facts_.set(id, facts);
    }
    return facts;
  }

  /** Sites in a function definition when its parameter `param` holds input (`taken` keys of the path in). */
  private paramSites(rule: ScannedRule, param: string, taken: number): readonly InputReadSite[] {
    const key = `${rule.id}\u0000${param}\u0000${taken}`;
    let sites = this.paramSites_.get(key);
    if (!sites) {
      this.paramSites_.set(key, []); // a guard only: calls are acyclic
      sites = this.scan(rule, new Map([[param, taken]])).sites;
      this.paramSites_.set(key, sites);
    }
    return sites;
  }

  /**
   * One walk over a rule in evaluation order (bodies are safety-ordered, so a local's binding comes
   * before its uses): its sites, the rules it may evaluate, and the locals that alias input.
   */
  private scan(rule: ScannedRule, aliases: Aliases): RuleFacts {
    const sites: InputReadSite[] = [];
    const deps = new Set<number>();
    // Parameters are bound by the call: `x = input` in a function body compares, it does not alias.
    const seen = new Set<string>([...aliases.keys(), ...rule.args.flatMap(varsIn)]);
    const ruleName = pathToString(rule.path);
    const report: Report = (kind, location) => sites.push({ kind, rule: ruleName, location });
    const term = (t: Term): void => {
      switch (t.kind) {
        case 'var':
          seen.add(t.name);
          if (aliases.has(t.name)) report('whole', t.loc); // the alias used as a value
          return;
        case 'ref':
          return this.ref(t, aliases, report, deps, term);
        case 'call':
          term(t.operator);
          break;
        case 'arrayComprehension':
        case 'setComprehension':
        case 'objectComprehension':
          body(t.body); // binds the head's vars
          return forEachChild(t, term);
      }
      forEachChild(t, term);
    };
    const expr = (e: Expr): void => {
      // With values are evaluated outside the with; targets are written, not read.
      for (const w of e.with) term(w.value);
      if (e.with.some((w) => isWholeInput(w.target))) return;
      switch (e.kind) {
        case 'termExpr':
          return term(e.term);
        case 'callExpr': {
          if (!e.negated && this.alias(e, aliases, seen)) return;
          term(e.operator);
          const flows = this.argFlows(e, aliases);
          return e.args.forEach((a, i) => {
            const flow = flows[i];
            if (flow) sites.push(...flow);
            else term(a);
          });
        }
        case 'someDecl':
          return e.symbols.forEach(term);
        case 'every':
          if (e.key) term(e.key);
          term(e.value);
          term(e.domain);
          return body(e.body);
      }
    };
    const body = (b: Body): void => b.forEach(expr);
    body(rule.body);
    for (const el of rule.elses) {
      body(el.body);
      term(el.value);
    }
    [...rule.suffix, ...(rule.key ? [rule.key] : []), ...(rule.value ? [rule.value] : [])].forEach(term);
    return { sites, deps };
  }

  /** A ref rooted at input or an alias may be a site; one rooted at data adds dependencies. Operands are terms too. */
  private ref(t: RefTerm, aliases: Aliases, report: Report, deps: Set<number>, term: (t: Term) => void): void {
    const head = t.head.kind === 'var' ? t.head.name : undefined;
    const base = head === 'input' ? 0 : head === undefined ? undefined : aliases.get(head);
    if (base !== undefined) {
      const kind = this.classify(t.path, base);
      if (kind) report(kind, t.loc);
    } else if (head === 'data') {
      for (const id of this.targets(t)) deps.add(id);
    } else {
      term(t.head);
    }
    t.path.forEach(term);
  }

  /** Whether a ref below input (after `base` keys of the path) may read the path, and how; undefined: it reads something else. */
  private classify(refPath: readonly Term[], base: number): InputReadKind | undefined {
    for (let i = base; i < this.path.length; i++) {
      const p = refPath[i - base];
      if (p === undefined) return 'whole';
      if (p.kind === 'string') {
        if (p.value !== this.path[i]) return undefined;
      } else if (p.kind === 'var' || p.kind === 'ref') {
        return 'dynamic';
      } else {
        return undefined; // a number, boolean, null or composite key never names an object key of the path
      }
    }
    return 'direct';
  }

  /** `x = input` (or a prefix of the path) binding a fresh local: x becomes an alias, nothing is read yet. */
  private alias(e: CallExpr, aliases: Aliases, seen: Set<string>): boolean {
    if (opName(e) !== 'eq' || e.args.length !== 2) return false;
    const [a, b] = e.args as [Term, Term];
    const pairs: [Term, Term][] = [
      [a, b],
      [b, a],
    ];
    for (const [local, value] of pairs) {
      if (local.kind !== 'var' || seen.has(local.name)) continue;
      const taken = this.taken(value, aliases);
      if (taken === undefined) continue;
      seen.add(local.name);
      aliases.set(local.name, taken);
      return true;
    }
    return false;
  }

  /**
   * For a call of a user function, per argument that holds input (or an alias): the sites where the
   * function's definitions read that parameter. A pattern parameter, or a program where `with`
   * replaces some user function, counts as reading it whole. Other arguments: undefined.
   */
  private argFlows(e: CallExpr, aliases: Aliases): (readonly InputReadSite[] | undefined)[] {
    const path = e.operator.head.kind === 'var' && e.operator.head.name === 'data' ? refToStringPath(e.operator) : undefined;
    const defs = path ? (findNode(this.program, path)?.rules ?? []) : [];
    const arity = defs[0]?.kind === 'function' ? defs[0].args.length : 0;
    return e.args.map((a, i) => {
      const taken = i < arity ? this.taken(a, aliases) : undefined;
      if (taken === undefined) return undefined;
      return defs.flatMap((def) => {
        const param = def.args[i];
        if (this.functionsMocked || param?.kind !== 'var') return [{ kind: 'whole' as const, rule: pathToString(def.path), location: a.loc }];
        return this.paramSites(def, param.name, taken);
      });
    });
  }

  /** How many path keys a term's value has taken when it is input, an alias, or a prefix of the path below them. */
  private taken(t: Term, aliases: Aliases): number | undefined {
    if (t.kind === 'var') return aliases.get(t.name);
    if (t.kind !== 'ref' || t.head.kind !== 'var') return undefined;
    const base = t.head.name === 'input' ? 0 : aliases.get(t.head.name);
    if (base === undefined || base + t.path.length >= this.path.length) return undefined;
    for (let i = 0; i < t.path.length; i++) {
      const p = t.path[i] as Term;
      if (p.kind !== 'string' || p.value !== this.path[base + i]) return undefined;
    }
    return base + t.path.length;
  }

  private isFunctionRef(t: Term): boolean {
    const path = t.kind === 'ref' && t.head.kind === 'var' && t.head.name === 'data' ? refToStringPath(t) : undefined;
    return path !== undefined && findNode(this.program, path)?.rules[0]?.kind === 'function';
  }

  /** The rules a data ref may evaluate (check/recursion.ts's rulesForRef, over the frozen tree). */
  private targets(ref: RefTerm): readonly number[] {
    const key = ref.path.map((p) => (p.kind === 'string' ? JSON.stringify(p.value) : isDynamic(p) ? '*' : '#')).join('\u0000');
    const cached = this.refTargets.get(key);
    if (cached) return cached;
    const out = new Set<number>();
    const all = (n: RuleTreeNode): void => {
      for (const r of n.rules) out.add(r.id);
      for (const c of n.children.values()) all(c);
    };
    const walk = (node: RuleTreeNode, i: number): void => {
      if (i >= ref.path.length) return all(node);
      const p = ref.path[i] as Term;
      const next = p.kind === 'string' ? [node.children.get(p.value)] : isDynamic(p) ? [...node.children.values()] : [];
      for (const child of next) {
        if (!child) continue;
        for (const r of child.rules) out.add(r.id);
        walk(child, i + 1);
      }
    };
    const data = this.program.tree.children.get('data');
    if (data) walk(data, 0);
    const ids = [...out];
    this.refTargets.set(key, ids);
    return ids;
  }
}

function varsIn(t: Term): string[] {
  if (t.kind === 'var') return [t.name];
  const out: string[] = [];
  forEachChild(t, (c) => out.push(...varsIn(c)));
  return out;
}

function isDynamic(t: Term): boolean {
  return t.kind === 'var' || t.kind === 'ref';
}

function isWholeInput(target: RefTerm): boolean {
  return target.head.kind === 'var' && target.head.name === 'input' && target.path.length === 0;
}

function bodiesOf(r: CheckedRule): Body[] {
  return [r.body, ...r.elses.map((e) => e.body)];
}

/** Whether `f` holds for some expression of the body, nested bodies (comprehensions, `every`) included. */
function someExpr(body: Body, f: (e: Expr) => boolean): boolean {
  const inTerm = (t: Term): boolean => {
    if ((t.kind === 'arrayComprehension' || t.kind === 'setComprehension' || t.kind === 'objectComprehension') && someExpr(t.body, f)) return true;
    let found = false;
    forEachChild(t, (c) => {
      found ||= inTerm(c);
    });
    return found;
  };
  return body.some((e) => {
    if (f(e)) return true;
    if (e.kind === 'every' && someExpr(e.body, f)) return true;
    const terms = e.kind === 'termExpr' ? [e.term] : e.kind === 'callExpr' ? e.args : e.kind === 'someDecl' ? e.symbols : [e.domain];
    return terms.some(inTerm) || e.with.some((w) => inTerm(w.value));
  });
}

/** The rules evaluated for an entrypoint path: those on the way down (a rule's value holds the rest) and all below. */
function rulesOnPath(program: CheckedProgram, path: readonly string[]): number[] {
  const out: number[] = [];
  let node: RuleTreeNode | undefined = program.tree;
  for (const key of path) {
    node = node.children.get(key);
    if (!node) return out;
    out.push(...node.rules.map((r) => r.id));
  }
  const below = (n: RuleTreeNode): void => {
    for (const c of n.children.values()) {
      out.push(...c.rules.map((r) => r.id));
      below(c);
    }
  };
  below(node);
  return out;
}
