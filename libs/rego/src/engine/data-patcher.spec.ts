import fc from 'fast-check';
import { compilePolicy } from '../compile';
import { jsonText } from './json-text';
import { RegoPolicy, type DataPatch } from './policy';

const SRC = `package p
import rego.v1
roles contains r if some r in data.vigil.role_bindings[input.subject]
revoked if data.vigil.revocations.subject[input.subject]
tenant := data.tenants[input.tenant]
everything := data.tenants
`;

async function load(): Promise<RegoPolicy> {
  const wasm = compilePolicy({ modules: [{ path: 'p.rego', source: SRC }], entrypoints: ['p/roles', 'p/revoked', 'p/tenant', 'p/everything'] }).wasm;
  return RegoPolicy.load(wasm);
}

/** The same edit on a plain JS document: what a full setData would be given. */
function applyJs(doc: Record<string, unknown>, p: DataPatch): void {
  let node = doc;
  for (const k of p.path.slice(0, -1)) {
    if (node[k] === undefined) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  const last = p.path[p.path.length - 1];
  if (p.op === 'add') node[last] = structuredClone(p.value);
  else delete node[last];
}

const base = () => ({ vigil: { role_bindings: { alice: [{ role: 'admin' }] }, revocations: { subject: {} } }, tenants: { acme: { plan: 'pro' } } });

describe('RegoPolicy.patchData', () => {
  it('gives the same data and decisions as a full setData, for any sequence of patches', async () => {
    const patched = await load();
    const full = await load();
    const key = fc.constantFrom('alice', 'bob', 'carol', 'dave');
    const patch: fc.Arbitrary<DataPatch> = fc.oneof(
      fc.record({ op: fc.constant('add' as const), path: key.map((k) => ['vigil', 'role_bindings', k]), value: fc.array(fc.record({ role: fc.constantFrom('admin', 'reader') }), { maxLength: 3 }) }),
      fc.record({ op: fc.constant('remove' as const), path: key.map((k) => ['vigil', 'role_bindings', k]) }),
      fc.record({ op: fc.constant('add' as const), path: key.map((k) => ['vigil', 'revocations', 'subject', k]), value: fc.record({ id: fc.string(), reason: fc.option(fc.string()) }) }),
      fc.record({ op: fc.constant('remove' as const), path: key.map((k) => ['vigil', 'revocations', 'subject', k]) }),
      fc.record({ op: fc.constant('add' as const), path: fc.tuple(fc.constantFrom('tenants', 'new'), key).map((t) => [...t]), value: fc.jsonValue({ maxDepth: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { minLength: 1, maxLength: 25 }), async (ops) => {
        const doc = base();
        patched.setData(doc);
        for (const op of ops) {
          patched.patchData([op]);
          applyJs(doc, op);
        }
        full.setData(doc);
        // JSON round trip: -0 and the like read back as the module stores them.
        expect(patched.dumpData()).toEqual(JSON.parse(JSON.stringify(doc)));
        for (const subject of ['alice', 'bob', 'carol', 'dave']) {
          for (const ep of ['p/roles', 'p/revoked']) expect(patched.evaluate({ subject }, ep)).toEqual(full.evaluate({ subject }, ep));
          expect(patched.evaluate({ tenant: subject }, 'p/tenant')).toEqual(full.evaluate({ tenant: subject }, 'p/tenant'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('creates missing objects on the way, refuses to walk through a non-object', async () => {
    const p = await load();
    p.setData({ tenants: { acme: 5 } });
    p.patchData([{ op: 'add', path: ['a', 'b', 'c'], value: 1 }]);
    expect(p.dumpData()).toEqual({ tenants: { acme: 5 }, a: { b: { c: 1 } } });
    expect(() => p.patchData([{ op: 'add', path: ['tenants', 'acme', 'x'], value: 1 }])).toThrow(/not an object/);
    p.patchData([{ op: 'remove', path: ['nothing', 'here'] }]); // removing what is absent is fine
  });

  it('takes a value nested as deep as setData does (data 10,000 levels deep)', async () => {
    const p = await load();
    p.setData({ tenants: {} });
    let deep: unknown = 1;
    for (let i = 0; i < 9_998; i++) deep = [deep]; // under data.tenants.deep: 10,000 levels in all
    p.patchData([{ op: 'add', path: ['tenants', 'deep'], value: deep }]);
    expect(jsonText(p.dumpData())).toBe(jsonText({ tenants: { deep } })); // toEqual recurses past V8's stack
  });

  it('keeps memory bounded over many patches by compacting the garbage', async () => {
    const p = await load();
    const bindings = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`user-${i}`, [{ role: 'reader' }]]));
    p.setData({ vigil: { role_bindings: bindings, revocations: { subject: {} } } });
    const memory = (p as unknown as { loaded: { mem: WebAssembly.Memory } }).loaded.mem;
    const grown: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      p.patchData([{ op: 'add', path: ['vigil', 'revocations', 'subject', `s-${i % 50}`], value: { id: `r${i}`, reason: 'x'.repeat(40) } }]);
      if (i % 10_000 === 9_999) grown.push(memory.buffer.byteLength);
    }
    expect(p.dataHeapStats.compactions).toBeGreaterThan(0);
    expect(p.dataHeapStats.garbageBytes).toBeLessThanOrEqual(Math.max(256 * 1024, p.dataHeapStats.dataBytes) + 4096);
    expect(new Set(grown).size).toBe(1); // no growth after the first 10,000 patches
    expect(p.evaluate({ subject: 's-49' }, 'p/revoked')).toEqual([{ result: true }]);
    expect(p.evaluate({ subject: 's-50' }, 'p/revoked')).toEqual([]);
  });
});
