/**
 * Pass: build the rule tree. Every rule gets its absolute path (`data`, the package, then the head
 * ref's leading string terms) and its kind; packages are recorded so empty packages still exist.
 */
import { invariant } from '../diagnostics';
import type { Module, Rule, Term } from '../syntax/ast';
import { renderTerm, type TermStyle } from '../syntax/dump';
import { isIdentText } from '../syntax/tokens';
import { mkString } from './ast-util';
import { type CheckContext, VarGen, type WorkRule } from './compile-context';
import type { RuleKind } from './program';

export function buildRuleTree(ctx: CheckContext): void {
  ctx.ensureNode(['data']);
  for (const mod of ctx.modules) {
    const pkgNode = ctx.ensureNode(['data', ...mod.package.path]);
    pkgNode.packages.push(mod);
    for (const rule of mod.rules) addRule(ctx, mod, rule);
  }
}

function addRule(ctx: CheckContext, mod: Module, rule: Rule): void {
  const [first, ...rest] = rule.head.ref;
  invariant(first !== undefined && first.kind === 'var', 'rule head ref must start with a var');
  const terms: Term[] = [mkString(first.name, first.loc), ...rest];
  const path = ['data', ...mod.package.path];
  let i = 0;
  while (i < terms.length && (terms[i] as Term).kind === 'string') {
    path.push((terms[i] as { value: string }).value);
    i++;
  }
  const suffix = terms.slice(i);
  const work: WorkRule = {
    id: ctx.rules.length,
    source: rule,
    module: mod,
    kind: ruleKind(rule, suffix.length > 0),
    path,
    suffix,
    args: [...(rule.head.args ?? [])],
    key: rule.head.key,
    value: rule.head.value,
    body: rule.body,
    elses: rule.elses.map((e) => ({ value: e.value, body: e.body, loc: e.loc })),
    gen: new VarGen(),
  };
  ctx.rules.push(work);
  ctx.ensureNode(path).rules.push(work);
}

function ruleKind(rule: Rule, hasSuffix: boolean): RuleKind {
  switch (rule.head.kind) {
    case 'function':
      return 'function';
    case 'multi':
      return 'multi';
    case 'complete':
      return hasSuffix ? 'object' : 'complete';
  }
}

/** `data.a.p[x].q` for messages, from a rule's path and suffix. */
export function ruleRefString(r: WorkRule): string {
  let s = r.path.map((k, i) => (i === 0 ? k : isIdentText(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('');
  for (const t of r.suffix) s += `[${termToString(t)}]`;
  return s;
}

/** How terms show in messages: vars by the names the author wrote, comprehension bodies elided. */
const MESSAGE_STYLE: TermStyle = { varName: displayVar, body: () => '...' };

/** A short Rego rendering of a term for messages. */
export function termToString(t: Term): string {
  return renderTerm(t, MESSAGE_STYLE);
}

function displayVar(name: string): string {
  if (!name.startsWith('$')) return name;
  const m = /^\$(.+)_\d+$/.exec(name);
  return m && !(m[1] as string).startsWith('wildcard') && m[1] !== '_' ? (m[1] as string) : '_';
}
