/**
 * Rule indexing (OPA's wasm target has none; its evaluator does). When many bodies of one rule set
 * test `input.<path> = <constant>` (or `==`), the input value is looked up once and dispatched on
 * (`Switch`, or grouped guards), so evaluation only runs the bodies whose constant matches instead
 * of trying every body. Groups are indexed again on their remaining tests, so ABAC-style rules
 * (`input.role == "x"; input.action == "y"`) become a two-level table. Conflict semantics are
 * unchanged: every body that can succeed still runs, and the removed test holds by construction.
 * Tests are seen through local aliases and helper rules of input refs (`index-aliases.ts`).
 */
import type { CheckedRule } from '../check/program';
import type { Body, Expr, Term } from '../syntax/ast';
import type { FuncCtx } from './context';
import { canonicalInt, dispatch, type DispatchKey, keyId } from './dispatch';
import { bodyAliases, type InputAliases, inputPathOf } from './index-aliases';
import * as ir from './ir';
import { analysedOnce } from './memo';
import { planValueRef } from './refs';

export interface BodyItem {
  readonly rule: CheckedRule;
  /** The body still to plan (indexed tests removed). */
  readonly body: Body;
  /** The head ref terms below the node being planned (the rule's suffix, after its path below the node). */
  readonly suffix: readonly Term[];
}

interface TestInfo {
  readonly path: readonly string[];
  readonly pathId: string;
  readonly key: DispatchKey;
}

/** An indexable test and its position in the body. */
interface Test {
  readonly info: TestInfo;
  readonly index: number;
}

/** Plans `items` (each with `planOne`, which emits one block), grouping them by indexable tests. */
export function planIndexed(c: FuncCtx, items: readonly BodyItem[], planOne: (item: BodyItem) => void): void {
  const { ruleIndex, ruleIndexMinBodies } = c.planner.config;
  if (ruleIndex === 'off' || items.length < ruleIndexMinBodies) return items.forEach(planOne);
  const tests = items.map((it) => indexTests(c, it));
  const best = bestPath(tests, ruleIndexMinBodies);
  if (!best) return items.forEach(planOne);
  const groups = new Map<string, { key: DispatchKey; items: BodyItem[] }>();
  items.forEach((item, i) => {
    const t = (tests[i] as Test[]).find((x) => x.info.pathId === best.pathId);
    if (!t) return planOne(item);
    const id = keyId(t.info.key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: t.info.key, items: [] }));
    g.items.push({ ...item, body: item.body.filter((_, j) => j !== t.index) });
  });
  const path: Term[] = best.path.map((value) => ({ kind: 'string', value, loc: c.loc }));
  c.b.nested(() =>
    planValueRef(c, ir.INPUT_LOCAL, path, 0, (value) =>
      dispatch(c, value, [...groups.values()], (g) => g.key, (g) => planIndexed(c, g.items, planOne)),
    ),
  );
}

/** The input path tested by the most bodies, if at least `min` bodies test it. */
function bestPath(tests: readonly Test[][], min: number): TestInfo | undefined {
  const counts = new Map<string, { test: TestInfo; n: number; last: number }>();
  tests.forEach((ts, i) => {
    for (const { info } of ts) {
      const e = counts.get(info.pathId);
      if (!e) counts.set(info.pathId, { test: info, n: 1, last: i });
      else if (e.last !== i) {
        e.n++;
        e.last = i;
      }
    }
  });
  let best: { test: TestInfo; n: number } | undefined;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return best && best.n >= min ? best.test : undefined;
}

/**
 * The indexable tests of a body: `input.a.b = "c"`, `"c" == input.a.b`, with scalar constants; the
 * input side may go through aliases (`r.b == "c"` after `r := input.a`, or a helper rule).
 */
function indexTests(c: FuncCtx, item: BodyItem): Test[] {
  const body = item.body;
  const out: Test[] = [];
  let aliases: InputAliases | undefined;
  for (let index = 0; index < body.length; index++) {
    const cand = cachedCandidate(body[index] as Expr);
    if (!cand) continue;
    let info = cand.direct;
    if (info === undefined) {
      // Through aliases: the answer depends on the `with` scope (helper rules it replaces) and on
      // the rule's body (its alias definitions stay in every filtered body), so it is cached per both.
      const byScope = (cand.byScope ??= new Map());
      const key = `${c.scope.id}:${item.rule.id}`;
      info = byScope.get(key);
      if (info === undefined) {
        info = testInfo(inputPathOf(c, cand.operand, (aliases ??= bodyAliases(c, body))), cand.key);
        byScope.set(key, info);
      }
    }
    if (info) out.push({ info, index });
  }
  return out;
}

function testInfo(path: readonly string[] | undefined, key: DispatchKey): TestInfo | null {
  return path && path.length > 0 ? { path, pathId: path.join('\u0000'), key } : null;
}

/** A test of a ref or var against a scalar constant, before aliases are resolved. */
interface Candidate {
  readonly operand: Term;
  readonly key: DispatchKey;
  /** The test when the operand is `input.<strings>` itself (null: it is not indexable); undefined when it needs aliases. */
  readonly direct: TestInfo | null | undefined;
  byScope?: Map<string, TestInfo | null>;
}

/** Checked expressions are immutable and shared between plans (and index levels): analyse each once. */
const cachedCandidate = analysedOnce(candidate);

function candidate(e: Expr): Candidate | undefined {
  if (e.kind !== 'callExpr' || e.negated || e.with.length > 0 || e.args.length !== 2) return undefined;
  const op = e.operator;
  if (op.path.length !== 0 || op.head.kind !== 'var' || (op.head.name !== 'eq' && op.head.name !== 'equal')) return undefined;
  const [a, b] = e.args as [Term, Term];
  const ka = constKey(a);
  const kb = constKey(b);
  const operand = kb && isPathLike(a) ? a : ka && isPathLike(b) ? b : undefined;
  const key = operand === a ? kb : ka;
  if (!operand || !key) return undefined;
  const direct = operand.kind === 'ref' && operand.head.kind === 'var' && operand.head.name === 'input' ? testInfo(directPath(operand.path), key) : undefined;
  return { operand, key, direct };
}

function directPath(path: readonly Term[]): string[] | undefined {
  const out: string[] = [];
  for (const p of path) {
    if (p.kind !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}

function isPathLike(t: Term): boolean {
  return t.kind === 'var' || (t.kind === 'ref' && t.head.kind === 'var');
}

function constKey(t: Term): DispatchKey | undefined {
  switch (t.kind) {
    case 'string':
      return { kind: 'string', value: t.value };
    case 'boolean':
      return { kind: 'bool', value: t.value };
    case 'null':
      return { kind: 'null' };
    case 'number': {
      const text = canonicalInt(t.text);
      return text === undefined ? undefined : { kind: 'number', text };
    }
    default:
      return undefined;
  }
}
