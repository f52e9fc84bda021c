/**
 * End-to-end semantics of planned policies: Rego source → parser → checker → planner → codegen →
 * `@open-policy-agent/opa-wasm`, evaluated for real. Expected values are OPA's evaluator's.
 */
import { evalError, evalRego, sorted } from './e2e-util';

const q = (src: string | Readonly<Record<string, string>>, query: string, spec: { input?: unknown; data?: unknown } = {}) => evalRego(src, { query, ...spec });

describe('complete rules', () => {
  const src = `
    package test
    p := 1 if input.a
    p := 1 if input.b
    p := 2 if input.c
    default d := "none"
    d := input.v if input.v
    default dyn := {"n": 0}
    dyn := {"n": input.n} if input.n > 10
  `;

  it('agree on one value, or are undefined', async () => {
    expect(await q(src, 'x = data.test.p', { input: { a: true, b: true } })).toEqual([{ x: 1 }]);
    expect(await q(src, 'x = data.test.p', { input: {} })).toEqual([]);
  });

  it('abort on two different values, naming the rule', async () => {
    const err = await evalError(src, { query: 'x = data.test.p', input: { a: true, c: true } });
    expect(err).toMatch(/^eval_conflict_error: complete rules must not produce multiple outputs \(test\.rego:\d+:1\)$/);
  });

  it('use the default only when every body is undefined; the default need not be constant', async () => {
    expect(await q(src, 'x = data.test.d', { input: {} })).toEqual([{ x: 'none' }]);
    expect(await q(src, 'x = data.test.d', { input: { v: 'set' } })).toEqual([{ x: 'set' }]);
    expect(await q(src, 'x = data.test.dyn', { input: { n: 3 } })).toEqual([{ x: { n: 0 } }]);
    expect(await q(src, 'x = data.test.dyn', { input: { n: 30 } })).toEqual([{ x: { n: 30 } }]);
  });

  it('run else alternatives in order until one is defined', async () => {
    const e = `
      package test
      p := "a" if { input.x == 1 } else := "b" if { input.x == 2 } else := "c"
    `;
    expect(await q(e, 'x = data.test.p', { input: { x: 1 } })).toEqual([{ x: 'a' }]);
    expect(await q(e, 'x = data.test.p', { input: { x: 2 } })).toEqual([{ x: 'b' }]);
    expect(await q(e, 'x = data.test.p', { input: { x: 9 } })).toEqual([{ x: 'c' }]);
  });

  it('conflict across separate else chains', async () => {
    const e = `
      package test
      p := 1 if { input.x } else := 2
      p := 3 if { input.y } else := 2
    `;
    expect(await q(e, 'x = data.test.p', { input: {} })).toEqual([{ x: 2 }]);
    expect(await evalError(e, { query: 'x = data.test.p', input: { x: true } })).toMatch(/complete rules must not produce multiple outputs/);
  });
});

describe('multi-value and key-value rules', () => {
  it('build sets, empty when no body succeeds', async () => {
    const src = `
      package test
      s contains x if { some x in input.xs; x > 1 }
      s contains "k"
      e contains x if { some x in input.none }
    `;
    expect(await q(src, 'x = data.test.s', { input: { xs: [1, 2, 3] } })).toEqual([{ x: [2, 3, 'k'] }]);
    expect(await q(src, 'x = data.test.e', { input: {} })).toEqual([{ x: [] }]);
  });

  it('build objects and abort on two values at one key', async () => {
    const src = `
      package test
      o[k] := v if { some k, v in input.m }
      o["fixed"] := 1
    `;
    expect(await q(src, 'x = data.test.o', { input: { m: { a: 'x' } } })).toEqual([{ x: { a: 'x', fixed: 1 } }]);
    expect(await q(src, 'x = data.test.o', { input: { m: { fixed: 1 } } })).toEqual([{ x: { fixed: 1 } }]);
    const err = await evalError(src, { query: 'x = data.test.o', input: { m: { fixed: 2 } } });
    expect(err).toMatch(/^eval_conflict_error: object keys must be unique/);
  });

  it('build nested objects for variables anywhere in the head ref', async () => {
    const src = `
      package test
      p[x].q[y] := v if { some x, row in input.rows; some y, v in row }
      s.t[k] contains v if { some k, vs in input.g; some v in vs }
    `;
    const input = { rows: { a: { i: 1, j: 2 }, b: { i: 3 } }, g: { u: [1, 2], w: [3] } };
    expect(await q(src, 'x = data.test.p', { input })).toEqual([{ x: { a: { q: { i: 1, j: 2 } }, b: { q: { i: 3 } } } }]);
    expect(await q(src, 'x = data.test.s', { input })).toEqual([{ x: { t: { u: [1, 2], w: [3] } } }]);
  });

  it('leave no empty objects for undefined rules below', async () => {
    const src = `
      package test
      p[k] := 1 if some k in input.ks
      p.a.b.c := 2 if input.deep
    `;
    expect(await q(src, 'x = data.test.p', { input: { ks: ['z'] } })).toEqual([{ x: { z: 1 } }]);
    expect(await q(src, 'x = data.test.p', { input: { ks: [], deep: true } })).toEqual([{ x: { a: { b: { c: 2 } } } }]);
    expect(await q(src, 'x = data.test.p.a', { input: { ks: [] } })).toEqual([]);
    expect(await q(src, 'x = data.test.p.a', { input: { ks: [], deep: true } })).toEqual([{ x: { b: { c: 2 } } }]);
  });

  it('union sets that rules of a child node add at the same key', async () => {
    const src = `
      package test
      p[q] contains r if { x := ["a", "b"]; q := x[_]; r := x[_]; q != r }
      p.b contains "foo"
    `;
    expect(await q(src, 'x = data.test.p')).toEqual([{ x: { a: ['b'], b: ['a', 'foo'] } }]);
    expect(await q(src, 'x = data.test.p.b')).toEqual([{ x: ['a', 'foo'] }]);
  });

  it('abort when a head ref reaches into another rule\'s value, never merging into it', async () => {
    const src = `
      package test
      p[q].r := v if { q := input.q; v := {"s": {"t": 1}} }
      p.q.r.s.u := 42
      o := {"s": {"t": 1}}
      x := [p, o]
    `;
    expect(await evalError(src, { query: 'x = data.test.p', input: { q: 'q' } })).toMatch(/^eval_conflict_error: object keys must be unique/);
    expect(await evalError(src, { query: 'x = data.test.p.q', input: { q: 'q' } })).toMatch(/^eval_conflict_error: object keys must be unique/);
    const reverse = `
      package test
      p[a].r.s.u := 42 if a := input.q
      p.q.r := {"s": 1}
    `;
    expect(await evalError(reverse, { query: 'x = data.test.p', input: { q: 'q' } })).toMatch(/^eval_conflict_error: object keys must be unique/);
    expect(await q(src, 'x = data.test.x', { input: { q: 'z' } })).toEqual([
      { x: [{ q: { r: { s: { u: 42 } } }, z: { r: { s: { t: 1 } } } }, { s: { t: 1 } }] },
    ]);
  });

  it('look up one key without building the whole document', async () => {
    const src = `
      package test
      o[k] := v if { some k, v in input.m }
      o.fixed := 1
      s contains x if { some x in input.xs }
      one := o[input.key]
      has if s[input.key]
    `;
    const input = { m: { a: 'x', b: 'y' }, xs: ['a'], key: 'a' };
    expect(await q(src, 'x = data.test.one', { input })).toEqual([{ x: 'x' }]);
    expect(await q(src, 'x = data.test.one', { input: { ...input, key: 'fixed' } })).toEqual([{ x: 1 }]);
    expect(await q(src, 'x = data.test.one', { input: { ...input, key: 'zzz' } })).toEqual([]);
    expect(await q(src, 'x = data.test.has', { input })).toEqual([{ x: true }]);
    expect(await q(src, 'x = data.test.has', { input: { ...input, key: 'b' } })).toEqual([]);
  });

  it('report a conflict found by a keyed lookup as an object key conflict', async () => {
    const src = `
      package test
      o[k] := 1 if { some k in input.a }
      o[k] := 2 if { some k in input.b }
      v := o[input.key]
    `;
    const err = await evalError(src, { query: 'x = data.test.v', input: { a: ['k'], b: ['k'], key: 'k' } });
    expect(err).toMatch(/^eval_conflict_error: object keys must be unique \(test\.rego:\d+:1\)$/);
  });
});

describe('functions', () => {
  const src = `
    package test
    f(1, x) := x
    f([a, b], _) := a + b
    f("s", y) := "big" if { y > 100 } else := "small"
    default g(_) := "none"
    g(x) := "one" if x == 1
    pos(x) if x > 0
    h(x) := false if x == 0
    c(x) := 1 if x > 0
    c(x) := 2 if x > 1
  `;

  it('try every definition, unifying arguments with patterns', async () => {
    expect(await q(src, 'a = data.test.f(1, 2); b = data.test.f([1, 2], 0); c = data.test.f("s", 1)')).toEqual([{ a: 2, b: 3, c: 'small' }]);
    expect(await q(src, 'a = data.test.f(7, 7)')).toEqual([]);
  });

  it('fall back to a default function', async () => {
    expect(await q(src, 'a = data.test.g(1); b = data.test.g(2)')).toEqual([{ a: 'one', b: 'none' }]);
  });

  it('are tests when called with arity arguments (false is not true)', async () => {
    expect(await q(src, 'data.test.pos(1)')).toEqual([{}]);
    expect(await q(src, 'data.test.pos(-1)')).toEqual([]);
    expect(await q(src, 'data.test.h(0)')).toEqual([]);
    expect(await q(src, 'x = data.test.h(0)')).toEqual([{ x: false }]);
  });

  it('abort when two definitions disagree for the same arguments', async () => {
    expect(await q(src, 'x = data.test.c(1)')).toEqual([{ x: 1 }]);
    expect(await evalError(src, { query: 'x = data.test.c(2)' })).toMatch(
      /^eval_conflict_error: functions must not produce multiple outputs for same inputs \(test\.rego:\d+:1\)$/,
    );
  });
});

describe('refs into data', () => {
  const src = {
    'a.rego': `
      package a
      b.c.p := 1
      b.c.q := 2
      all contains [k, v] if { v := data.a.b.c[k] }
      one := data.a.b.c[input.k]
    `,
    'e.rego': `
      package a.b.empty
    `,
  };
  const data = { a: { b: { c: { r: 3 }, d: 4 } } };

  it('iterate rules first, then base keys that rules do not cover', async () => {
    expect(sorted(await q(src, 'x = data.a.all', { data }))).toEqual([{ x: [['p', 1], ['q', 2], ['r', 3]] }]);
  });

  it('pick the one rule a bound key names, or base data', async () => {
    expect(await q(src, 'x = data.a.one', { data, input: { k: 'q' } })).toEqual([{ x: 2 }]);
    expect(await q(src, 'x = data.a.one', { data, input: { k: 'r' } })).toEqual([{ x: 3 }]);
    expect(await q(src, 'x = data.a.one', { data, input: { k: 'zz' } })).toEqual([]);
  });

  it('deep-merge a package with base data; an empty package is {}', async () => {
    expect(await q(src, 'x = data.a.b', { data })).toEqual([{ x: { c: { p: 1, q: 2, r: 3 }, d: 4, empty: {} } }]);
    expect(await q(src, 'x = data.a.b.empty', { data })).toEqual([{ x: {} }]);
  });

  it('serve a package as an entrypoint', async () => {
    expect(await evalRego(src, { entrypoints: ['a/b/c'], data })).toEqual([{ result: { p: 1, q: 2, r: 3 } }]);
  });
});

describe('with', () => {
  it('replaces input and data for the expression and what it calls', async () => {
    const src = `
      package test
      r := input.x
      s := data.cfg.limit
      t := data.test.sub.v
      sub.v := 1
      p := [a, b, c, d] if {
        a := r with input.x as 7
        b := s with data.cfg.limit as 9
        c := t with data.test.sub.v as 5
        d := r
      }
    `;
    expect(await q(src, 'x = data.test.p', { input: { x: 1 }, data: { cfg: { limit: 2 } } })).toEqual([{ x: [7, 9, 5, 1] }]);
  });

  it('carries every solution of an iterating expression out of the with block', async () => {
    const src = `
      package test
      q contains v if { v := input.xs[_] with input.xs as [1, 2] }
      n := count(input.xs)
    `;
    expect(await q(src, 'x = data.test.q; y = data.test.n', { input: { xs: [5] } })).toEqual([{ x: [1, 2], y: 1 }]);
  });

  it('mocks functions and builtins, also in rules called from the expression', async () => {
    const src = `
      package test
      f(x) := x + 1
      mock_f(x) := x * 10
      uses_f := f(1)
      uses_count := count([1, 2, 3])
      p := [a, b, c, d] if {
        a := uses_f with f as mock_f
        n := input.n
        b := uses_count with count as n
        c := f(2) with f as 100
        d := uses_f
      }
    `;
    expect(await q(src, 'x = data.test.p', { input: { n: 42 } })).toEqual([{ x: [10, 42, 100, 2] }]);
  });

  it('does not apply mocks inside the mock function', async () => {
    const src = `
      package test
      g(x) := count(x)
      q := y if { y = count([1, 2, 3]) with count as g }
      r := y if { y = count([1, 2, 3]) with count as 7 }
      p := [a, b] if { a = q; b = r with count as g }
    `;
    expect(await q(src, 'x = data.test.p')).toEqual([{ x: [3, 7] }]);
  });

  it('runs rules calling an unsupported builtin (http.send) under a mock; an unmocked call fails to compile', async () => {
    const src = `
      package test
      mock_send(req) := {"body": {"roles": ["admin"]}} if req.body.name == "alice"
      else := {"body": {"roles": []}}
      allow if "admin" in http.send({"method": "GET", "body": input}).body.roles
      test_allow if allow with http.send as mock_send with input.name as "alice"
      test_deny if not allow with http.send as mock_send with input.name as "bob"
    `;
    expect(await q(src, 'x = data.test.test_allow; y = data.test.test_deny')).toEqual([{ x: true, y: true }]);
    await expect(q(src, 'x = data.test.allow')).rejects.toThrow(/http\.send/);
    let code: string | undefined;
    await q(src, 'x = data.test.allow').catch((e: { diagnostics?: { code: string }[] }) => (code = e.diagnostics?.[0]?.code));
    expect(code).toBe('rego_unsupported_builtin_error');
  });
});

describe('not, every, comprehensions, membership', () => {
  it('not holds when the expression has no solution', async () => {
    const src = `
      package test
      sub.a := true
      sub.b := false
      p if not input.deny
      q if not data.test.sub[input.k]
    `;
    expect(await q(src, 'x = data.test.p', { input: {} })).toEqual([{ x: true }]);
    expect(await q(src, 'x = data.test.p', { input: { deny: true } })).toEqual([]);
    expect(await q(src, 'x = data.test.q', { input: { k: 'a' } })).toEqual([]);
    expect(await q(src, 'x = data.test.q', { input: { k: 'b' } })).toEqual([{ x: true }]);
    expect(await q(src, 'x = data.test.q', { input: { k: 'c' } })).toEqual([{ x: true }]);
  });

  it('every is true on an empty domain and undefined on a scalar', async () => {
    const src = `
      package test
      default p := "no"
      p := "yes" if { every k, v in input.m { v > k; some y in input.ys; y == v } }
    `;
    expect(await q(src, 'x = data.test.p', { input: { m: [], ys: [] } })).toEqual([{ x: 'yes' }]);
    expect(await q(src, 'x = data.test.p', { input: { m: [1, 2], ys: [1, 2] } })).toEqual([{ x: 'yes' }]);
    expect(await q(src, 'x = data.test.p', { input: { m: [1, 0], ys: [1, 0] } })).toEqual([{ x: 'no' }]);
    expect(await q(src, 'x = data.test.p', { input: { m: 42, ys: [] } })).toEqual([{ x: 'no' }]);
  });

  it('comprehensions collect their own solutions; object keys must be unique', async () => {
    const src = `
      package test
      arr := [y | x := input.xs[_]; y := x * 2]
      st := {x | x := input.xs[_]; x > 1}
      obj := {k: v | v := input.m[k]}
      bad := {"k": v | v := input.xs[_]}
    `;
    const input = { xs: [1, 2, 2], m: { a: 1 } };
    expect(await q(src, 'a = data.test.arr; s = data.test.st; o = data.test.obj', { input })).toEqual([{ a: [2, 4, 4], s: [2], o: { a: 1 } }]);
    expect(await evalError(src, { query: 'x = data.test.bad', input })).toMatch(/^eval_conflict_error: object keys must be unique/);
  });

  it('some ... in iterates and in tests membership', async () => {
    const src = `
      package test
      p contains [k, v] if { some k, v in input.m }
      r if { 3 in input.xs; "a", 1 in input.m }
    `;
    const input = { m: { a: 1, b: 2 }, xs: [3] };
    expect(await q(src, 'x = data.test.p; y = data.test.r', { input })).toEqual([{ x: [['a', 1], ['b', 2]], y: true }]);
  });
});

describe('print', () => {
  it('calls the host with every operand (undefined ones marked) when print is kept', async () => {
    const lines: string[] = [];
    const src = `
      package test
      p if { print("x is", input.x, input.missing) }
    `;
    expect(await evalRego(src, { query: 'x = data.test.p', input: { x: 1 }, enablePrint: true, onPrint: (m) => lines.push(m) })).toEqual([{ x: true }]);
    expect(lines).toEqual(['x is 1 <undefined>']);
  });
});

describe('unification', () => {
  it('matches arrays and objects structurally, binding in dependency order', async () => {
    const src = `
      package test
      p := [a, b] if { [a, b] = input.pair }
      q := v if { {"k": v, "n": 1} = input.obj }
      r := [x, y] if { [x, y] = [y, 1] }
    `;
    expect(await q(src, 'x = data.test.p', { input: { pair: [1, 2] } })).toEqual([{ x: [1, 2] }]);
    expect(await q(src, 'x = data.test.p', { input: { pair: [1, 2, 3] } })).toEqual([]);
    expect(await q(src, 'x = data.test.q', { input: { obj: { k: 'v', n: 1 } } })).toEqual([{ x: 'v' }]);
    expect(await q(src, 'x = data.test.q', { input: { obj: { k: 'v', n: 2 } } })).toEqual([]);
    expect(await q(src, 'x = data.test.r')).toEqual([{ x: [1, 1] }]);
  });
});

describe('queries', () => {
  const src = `
    package test
    p := {"a": 1, "b": 2}
  `;

  it('bind the query variables per solution', async () => {
    expect(sorted(await q(src, 'data.test.p[x] = y; z := x'))).toEqual([
      { x: 'a', y: 1, z: 'a' },
      { x: 'b', y: 2, z: 'b' },
    ]);
  });

  it('yield {} per solution when the query has no variables', async () => {
    expect(await q(src, 'data.test.p.a == 1')).toEqual([{}]);
    expect(await q(src, 'data.test.p.a == 2')).toEqual([]);
  });
});
