import { dumpChecked, expectValid } from './spec-util';

const stop = { stopAfter: 'rewriteHeads' };

describe('rewriteHeads', () => {
  it('moves head values, keys and ref keys that need evaluation into the body', () => {
    const p = expectValid(
      `
      package test
      p := input.a if { true }
      q contains {"v": input.b[_]} if { true }
      r[[a, b]] := 1 if { a := 1; b := 2 }
      `,
      stop,
    );
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = $0 :- true; eq($0, input.a)']);
    expect(dumpChecked(p, 'data.test.q')).toEqual(['data.test.q contains $0 :- true; eq($0, {"v": input.b[$wildcard0]})']);
    expect(dumpChecked(p, 'data.test.r')).toEqual(['data.test.r[$0] = 1 :- assign(a, 1); assign(b, 2); eq($0, [a, b])']);
  });

  it('leaves plain values in the head', () => {
    const p = expectValid('package test\np := [1, {"a": x}] if { x := 1 }', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = [1, {"a": x}] :- assign(x, 1)']);
  });

  it('moves else values into their own bodies', () => {
    const p = expectValid('package test\np := 1 if { input.a } else := input.b', stop);
    expect(dumpChecked(p, 'data.test.p')).toEqual(['data.test.p = 1 :- input.a else = $0 :- true; eq($0, input.b)']);
  });
});
