/**
 * Small constructors for AST nodes the parser synthesizes (operator calls,
 * implicit `true` values and bodies), so every synthesized node has the same
 * shape and a location.
 */
import type { Location } from '../diagnostics';
import type { BooleanTerm, Body, CallTerm, RefTerm, Term, TermExpr, VarTerm } from './ast';

export function varTerm(name: string, loc: Location): VarTerm {
  return { kind: 'var', name, loc };
}

export function trueTerm(loc: Location): BooleanTerm {
  return { kind: 'boolean', value: true, loc };
}

export function termExpr(term: Term, loc: Location): TermExpr {
  return { kind: 'termExpr', term, negated: false, with: [], loc };
}

/** The body `[true]` given to rules written without one. */
export function trueBody(loc: Location): Body {
  return [termExpr(trueTerm(loc), loc)];
}

/** `plus` → ref `plus`; `internal.member_2` → ref `internal["member_2"]`, all located at the operator. */
export function operatorRef(name: string, loc: Location): RefTerm {
  if (name.indexOf('.') < 0) return { kind: 'ref', head: varTerm(name, loc), path: [], loc };
  const parts = name.split('.');
  const path: Term[] = parts.slice(1).map((value) => ({ kind: 'string', value, loc }));
  return { kind: 'ref', head: varTerm(parts[0], loc), path, loc };
}

export function callTerm(name: string, args: readonly Term[], opLoc: Location, loc: Location): CallTerm {
  return { kind: 'call', operator: operatorRef(name, opLoc), args, loc };
}

/** A var as a ref with no path (call operators and `with` targets are refs). */
export function refOf(t: VarTerm): RefTerm {
  return { kind: 'ref', head: t, path: [], loc: t.loc };
}
