import { EvaluationState } from './context';
import { opaCase, wantX } from './testing/opa-cases';
import { callHost, expectCaseError, hostError } from './testing/host-call';

const rp = (note: string) => opaCase('reachable', note);

describe('graph.reachable / reachable_paths (OPA cases; sets written as arrays)', () => {
  it('reachable', () => {
    expect(callHost('graph.reachable', [{}, ['a']])).toEqual(wantX(rp('reachable/empty')));
    expect(callHost('graph.reachable', [{ a: ['b'], b: ['c'], c: ['a'] }, ['a']])).toEqual(wantX(rp('reachable/cycle')));
    expectCaseError(rp('reachable/malformed 1'), 'graph.reachable', [1, [1]]);
    expect(callHost('graph.reachable', [{ a: null }, ['a']])).toEqual(wantX(rp('reachable/malformed 2')));
  });
  it('reachable_paths', () => {
    expect(callHost('graph.reachable_paths', [{}, ['a']])).toEqual(wantX(rp('reachable_paths/empty')));
    expect(callHost('graph.reachable_paths', [{ a: ['b'], b: ['c'], c: ['a'] }, ['a']])).toEqual(wantX(rp('reachable_paths/cycle')));
    const components = { a: ['b', 'c'], b: ['d'], c: ['d'], d: [], e: ['f'], f: ['e'], x: ['x'] };
    expect(callHost('graph.reachable_paths', [components, ['b', 'e']])).toEqual(wantX(rp('reachable_paths/components')));
    expect(callHost('graph.reachable_paths', [{ a: ['b'], b: ['c'], c: ['a'] }, ['a']])).toEqual(wantX(rp('reachable_paths/arrays')));
    expectCaseError(rp('reachable_paths/malformed 1'), 'graph.reachable_paths', [1, [1]]);
    expect(callHost('graph.reachable_paths', [{ a: null }, ['a']])).toEqual(wantX(rp('reachable_paths/malformed 2')));
    expectCaseError(rp('reachable_paths/malformed 3'), 'graph.reachable_paths', [{ a: [] }, 'a']);
    expect(hostError('graph.reachable', [{}, 'a']).message).toBe('graph.reachable: operand 2 must be {array, set} but got string');
  });
});

describe('walk', () => {
  it('OPA cases', () => {
    expect(callHost('walk', [1])).toEqual(wantX(opaCase('walkbuiltin', 'walkbuiltin/scalar')));
    expect(callHost('walk', [[1, 2, 3, 4]])).toEqual(wantX(opaCase('walkbuiltin', 'walkbuiltin/arrays')));
    const pairs = callHost('walk', [[{ foo: 1, bar: 2, bazoo: 3 }]]) as [unknown[], unknown][];
    const filtered = pairs.filter(([k]) => typeof k[1] === 'string' && (k[1] as string).includes('oo')).map(([k, x]) => [k, x]);
    expect(filtered).toEqual(wantX(opaCase('walkbuiltin', 'walkbuiltin/match and filter')));
  });
  it('visits parents before children and object keys in order', () => {
    expect(callHost('walk', [{ b: [true], a: {} }])).toEqual([
      [[], { b: [true], a: {} }],
      [['a'], {}],
      [['b'], [true]],
      [['b', 0], true],
    ]);
  });
});

describe('rand.intn, internal.print, trace, opa.runtime', () => {
  it('rand.intn is stable per key and bound within an evaluation', () => {
    const ctx = new EvaluationState();
    ctx.begin();
    const a = callHost('rand.intn', ['k', 1000], ctx) as number;
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1000);
    expect(callHost('rand.intn', ['k', 1000], ctx)).toBe(a);
    expect(callHost('rand.intn', ['k', -1000], ctx)).toBe(a);
    expect(callHost('rand.intn', ['k', 0], ctx)).toBe(0);
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      ctx.begin();
      seen.add(callHost('rand.intn', ['k', 1000], ctx) as number);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(hostError('rand.intn', ['k', 1.5]).message).toBe('rand.intn: operand 2 must be integer number but got floating-point number');
  });
  it('internal.print prints the cross product of operand values', () => {
    const lines: string[] = [];
    const ctx = new EvaluationState({ onPrint: (m) => lines.push(m) });
    expect(callHost('internal.print', [[['x'], [], [1, 2], [{ a: [true] }]]], ctx)).toBe(true);
    expect(lines).toEqual(['x <undefined> 1 {"a": [true]}', 'x <undefined> 2 {"a": [true]}']);
  });
  it('trace and opa.runtime', () => {
    expect(callHost('trace', ['note'])).toBe(true);
    expect(callHost('opa.runtime', [])).toEqual({});
    expect(callHost('opa.runtime', [], new EvaluationState({ runtime: { version: 'vigil' } }))).toEqual({ version: 'vigil' });
  });
});
