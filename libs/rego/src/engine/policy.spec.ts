import { compilePolicy } from '../compile';
import { RegoEvalError, RegoPolicy } from './policy';

const RBAC = `package rbac
import rego.v1
default allow := false
allow if {
	some role in data.users[input.user].roles
	input.action in data.roles[role]
}
`;

function rbac(): Uint8Array {
  return compilePolicy({ modules: [{ path: 'rbac.rego', source: RBAC }], entrypoints: ['rbac/allow'] }).wasm;
}

const data = {
  users: { alice: { roles: ['admin'] }, bob: { roles: ['viewer'] } },
  roles: { admin: ['read', 'write'], viewer: ['read'] },
};

describe('RegoPolicy', () => {
  it('evaluates entrypoints by name and id', async () => {
    const p = await RegoPolicy.load(rbac());
    p.setData(data);
    expect(p.evaluate({ user: 'alice', action: 'write' }, 'rbac/allow')).toEqual([{ result: true }]);
    expect(p.evaluate({ user: 'bob', action: 'write' }, p.entrypoints['rbac/allow'])).toEqual([{ result: false }]);
  });

  it('passes falsy inputs as real values, and undefined as no input', async () => {
    const src = 'package t\nimport rego.v1\nkind := type_name(input)\n';
    const p = await RegoPolicy.load(compilePolicy({ modules: [{ path: 't.rego', source: src }], entrypoints: ['t/kind'] }).wasm);
    expect(p.evaluate(false, 't/kind')).toEqual([{ result: 'boolean' }]);
    expect(p.evaluate(0, 't/kind')).toEqual([{ result: 'number' }]);
    expect(p.evaluate('', 't/kind')).toEqual([{ result: 'string' }]);
    expect(p.evaluate(null, 't/kind')).toEqual([{ result: 'null' }]);
    expect(p.evaluate(undefined, 't/kind')).toEqual([]);
  });

  it('keeps memory flat over a million evaluations', async () => {
    const p = await RegoPolicy.load(rbac());
    p.setData(data);
    const input = { user: 'alice', action: 'read' };
    for (let i = 0; i < 10_000; i++) p.evaluate(input, 0);
    const memory = (p as unknown as { loaded: { mem: WebAssembly.Memory } }).loaded.mem;
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 1_000_000; i++) {
      if (p.evaluate(input, 0)[0].result !== true) throw new Error(`evaluation ${i} went wrong`);
    }
    expect(memory.buffer.byteLength).toBe(before);
  });

  it('grows memory for large inputs up to the cap, then fails with a clear error', async () => {
    const p = await RegoPolicy.load(rbac(), { initialPages: 2, maxPages: 40, maxInputBytes: 64 * 1024 * 1024 });
    p.setData(data);
    const big = { user: 'alice', action: 'read', padding: 'x'.repeat(1024 * 1024) };
    expect(p.evaluate(big, 0)).toEqual([{ result: true }]); // 1 MiB: grows past the initial 128 KiB
    const huge = { user: 'alice', action: 'read', padding: 'x'.repeat(4 * 1024 * 1024) };
    let err: unknown;
    try {
      p.evaluate(huge, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoEvalError);
    expect((err as RegoEvalError).code).toBe('memory_limit');
    // The policy still works after the failure.
    expect(p.evaluate({ user: 'bob', action: 'read' }, 0)).toEqual([{ result: true }]);
  });

  it('rejects input over the byte limit before touching the module', async () => {
    const p = await RegoPolicy.load(rbac(), { maxInputBytes: 100 });
    expect(() => p.evaluateJson(JSON.stringify({ user: 'x'.repeat(200) }))).toThrow(/input_too_large/);
  });

  it('turns unknown entrypoints into a typed error', async () => {
    const p = await RegoPolicy.load(rbac());
    expect(() => p.evaluate({}, 'nope/allow')).toThrow(RegoEvalError);
  });
});
