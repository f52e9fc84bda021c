/**
 * Selecting one of several alternatives by the value of a local: a bound key into a package's
 * children, or the input value an indexed rule set tests. With `ruleIndex: 'switch'` this is one
 * `Switch` statement (O(1) at run time); otherwise a chain of guarded blocks.
 */
import { localOp } from './builder';
import type { FuncCtx } from './context';
import type * as ir from './ir';
import { planNumber } from './terms';

/** A constant to dispatch on. Numbers must be canonical integers (see `canonicalInt`). */
export type DispatchKey =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

/** Below this many alternatives a guard chain is as fast as a table. */
const SWITCH_MIN_CASES = 4;

/**
 * Runs `each(key)` in the alternative where `source` equals `key`, and `fallback` (if given) when it
 * equals none of the keys. Alternatives are mutually exclusive, so the continuation planned inside
 * them runs at most once per evaluation of this statement.
 */
export function dispatch<K>(
  c: FuncCtx,
  source: ir.Local,
  keys: readonly K[],
  keyOf: (k: K) => DispatchKey,
  each: (k: K) => void,
  fallback?: () => void,
): void {
  if (c.planner.config.ruleIndex === 'switch' && keys.length >= SWITCH_MIN_CASES) {
    return switchDispatch(c, source, keys, keyOf, each, fallback);
  }
  for (const k of keys) {
    c.b.nested(() =>
      c.vars.scoped(() => {
        c.emit({ type: 'Equal', a: localOp(source), b: keyOperand(c, keyOf(k)) });
        each(k);
      }),
    );
  }
  if (!fallback) return;
  c.b.nested(() =>
    c.vars.scoped(() => {
      for (const k of keys) c.emit({ type: 'NotEqual', a: localOp(source), b: keyOperand(c, keyOf(k)) });
      fallback();
    }),
  );
}

/** `dispatch` over string keys (child keys of a rule-tree node). */
export function dispatchOnKey(c: FuncCtx, source: ir.Local, keys: readonly string[], each: (k: string) => void, fallback?: () => void): void {
  dispatch(c, source, keys, (value) => ({ kind: 'string', value }), each, fallback);
}

function switchDispatch<K>(
  c: FuncCtx,
  source: ir.Local,
  keys: readonly K[],
  keyOf: (k: K) => DispatchKey,
  each: (k: K) => void,
  fallback?: () => void,
): void {
  const hit = fallback ? c.newLocal() : undefined;
  if (hit !== undefined) c.emit({ type: 'ResetLocal', target: hit });
  const cases: ir.SwitchCase[] = keys.map((k) => ({
    value: constantOf(c, keyOf(k)),
    block: c.b.block(() =>
      c.vars.scoped(() => {
        if (hit !== undefined) c.emit({ type: 'AssignVar', source: { kind: 'bool', value: true }, target: hit });
        each(k);
      }),
    ),
  }));
  c.emit({ type: 'Switch', source, cases });
  if (fallback && hit !== undefined) {
    c.b.nested(() =>
      c.vars.scoped(() => {
        c.emit({ type: 'IsUndefined', source: hit });
        fallback();
      }),
    );
  }
}

function constantOf(c: FuncCtx, k: DispatchKey): ir.Constant {
  switch (k.kind) {
    case 'string':
      return { kind: 'string', index: c.b.strIndex(k.value) };
    case 'number':
      return { kind: 'number', index: c.b.strIndex(k.text) };
    case 'bool':
      return { kind: 'bool', value: k.value };
    case 'null':
      return { kind: 'null' };
  }
}

export function keyOperand(c: FuncCtx, k: DispatchKey): ir.Operand {
  switch (k.kind) {
    case 'string':
      return c.str(k.value);
    case 'bool':
      return { kind: 'bool', value: k.value };
    case 'number':
      return localOp(planNumber(c, k.text));
    case 'null': {
      const target = c.newLocal();
      c.emit({ type: 'MakeNull', target });
      return localOp(target);
    }
  }
}

/** The canonical text of an integer literal (`007` → `7`, `-0` → `0`), or undefined for other numbers. */
export function canonicalInt(text: string): string | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n.toString();
}

/** A stable string identity of a dispatch key (for grouping). */
export function keyId(k: DispatchKey): string {
  switch (k.kind) {
    case 'string':
      return `s:${k.value}`;
    case 'number':
      return `n:${k.text}`;
    case 'bool':
      return `b:${k.value}`;
    case 'null':
      return 'null';
  }
}
