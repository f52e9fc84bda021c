import { loadRuntime } from './harness';

describe('native builtins', () => {
  const rt = loadRuntime({ initial: 4 });
  const { x } = rt;
  const base = x.opa_heap_ptr_get();
  beforeEach(() => {
    x.vg_set_strict(0);
    x.vg_eval_begin(base);
  });
  const v = (text: string): number => rt.parseValue(text);
  const call = (name: string, ...args: string[]): string => {
    const r = x[`vg_builtin_${name}`](...args.map(v));
    return r === 0 ? 'undefined' : rt.dumpValue(r);
  };

  it('non-strict: a builtin error makes the call undefined and is recorded for the evaluation', () => {
    expect(call('count', '5')).toBe('undefined');
    expect(rt.text(x.vg_last_error())).toBe('eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number');
    x.vg_eval_begin(base);
    expect(x.vg_last_error()).toBe(0);
    const [m] = rt.write('custom: failed\0');
    expect(x.vg_builtin_error(m)).toBe(0);
    expect(rt.text(x.vg_last_error())).toBe('eval_builtin_error: custom: failed');
    expect(x.vg_type_error(m)).toBe(0);
    expect(rt.text(x.vg_last_error())).toBe('eval_type_error: custom: failed');
  });

  it('strict: a builtin error aborts with OPA code and message', () => {
    x.vg_set_strict(1);
    expect(rt.abortText(() => call('count', '5'))).toBe('eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number');
    expect(rt.abortText(() => call('plus', '1', '"a"'))).toBe('eval_type_error: plus: operand 2 must be number but got string');
    expect(rt.abortText(() => call('minus', '"a"', '1'))).toBe('eval_type_error: minus: operand 1 must be one of {number, set} but got string');
    expect(rt.abortText(() => call('minus', '{1}', '1'))).toBe('eval_type_error: minus: operand 2 must be set but got number');
    expect(rt.abortText(() => call('div', '1', '0'))).toBe('eval_builtin_error: div: divide by zero');
    const [m] = rt.write('sprintf: bad format\0');
    expect(rt.abortText(() => x.vg_builtin_error(m))).toBe('eval_builtin_error: sprintf: bad format');
    // undefined operands are never errors
    expect(x.vg_builtin_count(0)).toBe(0);
    expect(x.vg_builtin_plus(0, x.vg_int(1))).toBe(0);
  });

  it('count counts elements and code points', () => {
    expect(call('count', '[1,2,3]')).toBe('3');
    expect(call('count', '{"a":1}')).toBe('1');
    expect(call('count', '{1,2}')).toBe('2');
    expect(call('count', 'set()')).toBe('0');
    expect(call('count', '"h€llo😀"')).toBe('6');
  });

  it('minus is also set difference', () => {
    expect(call('minus', '{1,2,3}', '{2,4}')).toBe('{1,3}');
    expect(call('minus', '5', '7')).toBe('-2');
  });

  it('compares any two values', () => {
    const table: [string, string, string, string][] = [
      ['equal', '1', '1.0', 'true'], ['equal', '[1,{"a":{2}}]', '[1.0,{"a":{2.0}}]', 'true'], ['equal', '"a"', '1', 'false'],
      ['neq', '1', '2', 'true'], ['lt', '1', '"a"', 'true'], ['lt', '"b"', '"a"', 'false'], ['lte', '2', '2.0', 'true'],
      ['gt', '{1}', '{"a":1}', 'true'], ['gte', 'null', 'false', 'false'], ['lt', '[1,2]', '[1,2,0]', 'true'],
    ];
    for (const [fn, a, b, out] of table) expect([fn, a, b, call(fn, a, b)]).toEqual([fn, a, b, out]);
    expect(x.vg_builtin_equal(0, x.vg_int(1))).toBe(0);
  });

  it('implements `in`: internal.member_2 and internal.member_3', () => {
    const table: [string[], string][] = [
      [['1', '[3,2,1]'], 'true'], [['1.0', '[1]'], 'true'], [['4', '[1]'], 'false'], [['1', '{"a":1}'], 'true'],
      [['"a"', '{"a":1}'], 'false'], [['2', '{1,2}'], 'true'], [['"x"', '"xyz"'], 'false'], [['1', 'null'], 'false'],
    ];
    for (const [args, out] of table) expect([args, call('internal_member_2', ...args)]).toEqual([args, out]);
    const table3: [string[], string][] = [
      [['0', '"a"', '["a","b"]'], 'true'], [['1', '"a"', '["a","b"]'], 'false'], [['1.0', '"b"', '["a","b"]'], 'true'],
      [['2', '"a"', '["a","b"]'], 'false'], [['"k"', '1', '{"k":1}'], 'true'], [['"k"', '2', '{"k":1}'], 'false'],
      [['1', '1', '{1}'], 'false'], [['0.5', '"a"', '["a"]'], 'false'],
    ];
    for (const [args, out] of table3) expect([args, call('internal_member_3', ...args)]).toEqual([args, out]);
  });

  it('answers type predicates and type_name', () => {
    const values: [string, string][] = [
      ['null', 'null'], ['true', 'boolean'], ['1.5', 'number'], ['"s"', 'string'], ['[]', 'array'], ['{}', 'object'], ['set()', 'set'],
    ];
    for (const [text, name] of values) {
      expect(call('type_name', text)).toBe(JSON.stringify(name));
      for (const [, other] of values) expect(call(`is_${other}`, text)).toBe(String(other === name));
    }
    expect(x.vg_builtin_is_null(0)).toBe(0);
  });
});
