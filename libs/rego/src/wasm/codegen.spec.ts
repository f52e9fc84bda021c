import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { Policy } from '../plan/ir';
import { compileWasm, DEFAULT_RUNTIME_PATH, loadDefaultRuntime, type EmitOptions } from './codegen';
import { PolicyBuilder, at, block, bool, local } from './test-ir';

// VIGIL_RUNTIME_WASM lets a developer point the specs at another runtime build.
const runtime = loadDefaultRuntime(process.env.VIGIL_RUNTIME_WASM ?? DEFAULT_RUNTIME_PATH);

type Builtins = Record<string, (...args: unknown[]) => unknown>;

async function load(policy: Policy, opts: EmitOptions = {}, builtins: Builtins = {}) {
  const { wasm } = compileWasm(policy, { runtime, ...opts });
  expect(WebAssembly.validate(wasm)).toBe(true);
  return loadPolicy(wasm, undefined, builtins);
}

describe('emitWasm through the OPA SDK', () => {
  it('returns a constant result', async () => {
    const b = new PolicyBuilder();
    b.plan('test/p', block(
      { type: 'MakeObject', target: 2 },
      { type: 'ObjectInsert', key: b.str('result'), value: bool(true), object: 2 },
      { type: 'ResultSetAdd', value: 2 },
    ));
    const p = await load(b.build());
    expect(p.entrypoints).toEqual({ 'test/p': 0 });
    expect(p.evaluate({})).toEqual([{ result: true }]);
    expect(p.evaluate({}, 'test/p')).toEqual([{ result: true }]);
  });
});
