/**
 * A compact, readable dump of the AST without locations, for golden tests and
 * debugging. Terms and expressions print in Rego-like syntax with every
 * operator as an explicit call (`plus(x, 1)`, `internal.member_2(x, xs)`), so
 * precedence and desugaring are visible; rules print as S-expressions.
 */
import type { Body, Expr, Module, RefTerm, Rule, Term, WithModifier } from './ast';
import { isIdentText } from './tokens';

/** What differs between renderings of a term: how a var's name shows and how a comprehension body prints. */
export interface TermStyle {
  readonly varName: (name: string) => string;
  readonly body: (b: Body) => string;
}

/** A term in Rego-like syntax, every operator written as a call, in the given style. */
export function renderTerm(t: Term, style: TermStyle): string {
  const r = (x: Term): string => renderTerm(x, style);
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.text;
    case 'string':
      return JSON.stringify(t.value);
    case 'var':
      return style.varName(t.name);
    case 'ref':
      return renderRef(t, style);
    case 'array':
      return `[${t.items.map(r).join(', ')}]`;
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${t.items.map(r).join(', ')}}`;
    case 'object':
      return `{${t.items.map((i) => `${r(i.key)}: ${r(i.value)}`).join(', ')}}`;
    case 'arrayComprehension':
      return `[${r(t.head)} | ${style.body(t.body)}]`;
    case 'setComprehension':
      return `{${r(t.head)} | ${style.body(t.body)}}`;
    case 'objectComprehension':
      return `{${r(t.key)}: ${r(t.value)} | ${style.body(t.body)}}`;
    case 'call':
      return `${renderRef(t.operator, style)}(${t.args.map(r).join(', ')})`;
  }
}

/** `data.a["b-c"][x]`; a non-var head prints as itself: `[1, 2][0]`, `f(x).y`. */
export function renderRef(ref: RefTerm, style: TermStyle): string {
  let out = renderTerm(ref.head, style);
  for (const p of ref.path) {
    out += p.kind === 'string' && isIdentText(p.value) ? `.${p.value}` : `[${renderTerm(p, style)}]`;
  }
  return out;
}

/** The dump: vars by their (rewritten) names, comprehension bodies in full. */
const DUMP_STYLE: TermStyle = { varName: (name) => name, body: (b) => dumpBody(b) };

export function dumpTerm(t: Term): string {
  return renderTerm(t, DUMP_STYLE);
}

export function dumpRef(r: RefTerm): string {
  return renderRef(r, DUMP_STYLE);
}

export function dumpBody(b: Body): string {
  return b.map(dumpExpr).join('; ');
}

export function dumpExpr(e: Expr): string {
  let core: string;
  switch (e.kind) {
    case 'termExpr':
      core = dumpTerm(e.term);
      break;
    case 'callExpr':
      core = `${dumpRef(e.operator)}(${e.args.map(dumpTerm).join(', ')})`;
      break;
    case 'someDecl':
      core = `some ${e.symbols.map(dumpTerm).join(', ')}`;
      break;
    case 'every': {
      const vars = e.key ? `${dumpTerm(e.key)}, ${dumpTerm(e.value)}` : dumpTerm(e.value);
      core = `every ${vars} in ${dumpTerm(e.domain)} { ${dumpBody(e.body)} }`;
      break;
    }
  }
  return `${e.negated ? 'not ' : ''}${core}${e.with.map(dumpWith).join('')}`;
}

function dumpWith(w: WithModifier): string {
  return ` with ${dumpRef(w.target)} as ${dumpTerm(w.value)}`;
}

function dumpHead(r: Rule): string {
  const h = r.head;
  let ref = dumpTerm(h.ref[0]);
  for (const p of h.ref.slice(1)) ref += p.kind === 'string' && isIdentText(p.value) ? `.${p.value}` : `[${dumpTerm(p)}]`;
  const args = h.args ? `(${h.args.map(dumpTerm).join(', ')})` : '';
  const key = h.key ? ` contains ${dumpTerm(h.key)}` : '';
  const value = h.value ? ` ${h.assign ? ':=' : '='} ${dumpTerm(h.value)}` : '';
  return `${r.isDefault ? 'default ' : ''}${h.kind} ${ref}${args}${key}${value}`;
}

/** Closes the last line of `lines` with `)`, Lisp style. */
function close(lines: string[]): string[] {
  lines[lines.length - 1] += ')';
  return lines;
}

function bodyLines(body: Body, indent: string): string[] {
  return close([`${indent}(body`, ...body.map((e) => `${indent}  ${dumpExpr(e)}`)]);
}

export function dumpRule(r: Rule, indent = ''): string[] {
  const lines = [`${indent}(rule ${dumpHead(r)}`, ...bodyLines(r.body, `${indent}  `)];
  for (const e of r.elses) lines.push(...close([`${indent}  (else = ${dumpTerm(e.value)}`, ...bodyLines(e.body, `${indent}    `)]));
  return close(lines);
}

export function dumpModule(m: Module): string {
  const lines = [`(module v${m.regoVersion}`, `  (package ${m.package.path.map((s) => JSON.stringify(s)).join(' ')})`];
  for (const i of m.imports) lines.push(`  (import ${dumpRef(i.path)}${i.alias !== undefined ? ` as ${i.alias}` : ''})`);
  for (const r of m.rules) lines.push(...dumpRule(r, '  '));
  for (const c of m.comments) lines.push(`  (comment ${c.loc.row}:${c.loc.col} ${JSON.stringify(c.text)})`);
  return close(lines).join('\n');
}
