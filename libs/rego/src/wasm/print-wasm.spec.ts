import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWasm, DEFAULT_RUNTIME_PATH, loadDefaultRuntime } from './codegen';
import { printWasm } from './print-wasm';
import { PolicyBuilder, at, block, bool, local } from './test-ir';

const runtime = loadDefaultRuntime(process.env.VIGIL_RUNTIME_WASM ?? DEFAULT_RUNTIME_PATH);
const fixtures = join(__dirname, '__fixtures__');

/** Compares with `__fixtures__/<name>.wat`; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, text: string): void {
  const file = join(fixtures, `${name}.wat`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const generated = (name: string): boolean => name.startsWith('g0.') || name.startsWith('plan:');

describe('printWasm', () => {
  it('lists a rule with input access, default, a conflict check and its plan', () => {
    const b = new PolicyBuilder();
    b.func({
      name: 'g0.data.test.allow',
      memoizable: true,
      blocks: [
        block(
          { type: 'Dot', source: local(0), key: b.str('user'), target: 3 },
          { type: 'Equal', a: local(3), b: b.str('alice') },
          { type: 'AssignVarOnce', source: bool(true), target: 2, loc: at(4, 1) },
        ),
        block({ type: 'IsUndefined', source: 2 }, { type: 'AssignVarOnce', source: bool(false), target: 2, loc: at(3, 1) }),
      ],
    });
    golden('allow', printWasm(compileWasm(b.entrypoint('test/allow', 'g0.data.test.allow').build(), { runtime }), generated));
  });

  it('lists Scan, Not and With', () => {
    const b = new PolicyBuilder();
    b.func({
      name: 'g0.data.test.names',
      blocks: [
        block({ type: 'MakeSet', target: 2 }),
        block(
          { type: 'Dot', source: local(1), key: b.str('users'), target: 3 },
          { type: 'Scan', source: 3, key: 4, value: 5, block: block(
            { type: 'Not', block: block({ type: 'Dot', source: local(5), key: b.str('disabled'), target: 7 }) },
            { type: 'Dot', source: local(5), key: b.str('name'), target: 6 },
            { type: 'SetAdd', value: local(6), set: 2 },
          ) },
        ),
      ],
    });
    b.plan('test/names', block({ type: 'With', local: 0, path: [b.s('a'), b.s('b')], value: bool(true), block: block(...b.resultOf({ type: 'Call', func: 'g0.data.test.names', args: [local(0), local(1)], result: 2 })) }));
    golden('scan-not-with', printWasm(compileWasm(b.build(), { runtime }), generated));
  });

  it('names functions, globals and constants instead of numbers', () => {
    const b = new PolicyBuilder();
    b.plan('p', block({ type: 'MakeNumberRef', index: b.s('1.5'), target: 2 }, { type: 'Equal', a: local(2), b: b.str('x') }));
    const text = printWasm(compileWasm(b.build(), { runtime }));
    expect(text).toContain('global.get $const:num:1.5');
    expect(text).toContain('i32.const <str "x">');
    expect(text).toContain('call $vg_equal');
    expect(text).toMatch(/\(func \$opa_eval \(param i32 i32 i32 i32 i32 i32 i32\) \(result i32\) \(local i32\)/);
  });
});
