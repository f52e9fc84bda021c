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

  it('passes non-ASCII input and results through exactly, right up to the edge of memory and past it', async () => {
    const src = 'package t\nimport rego.v1\necho := input.s\nsize := count(input.s)\n';
    const p = await RegoPolicy.load(compilePolicy({ modules: [{ path: 't.rego', source: src }], entrypoints: ['t/echo', 't/size'] }).wasm, { initialPages: 2 });
    const text = 'zürich 東京 \u{1f600} \ud800 end'; // a lone surrogate becomes U+FFFD, as JSON text for the module always did
    expect(p.evaluate({ s: text }, 't/echo')).toEqual([{ result: text.replace('\ud800', '\ufffd') }]);
    expect(p.evaluate({ s: text }, 't/size')).toEqual([{ result: [...text].length }]);
    // Texts whose worst-case UTF-8 size (3 bytes per unit) exceeds the free memory, some of which fit anyway.
    for (const n of [30_000, 40_000, 60_000, 200_000]) {
      const s = `${'é'.repeat(n)}x`;
      expect(p.evaluate({ s }, 't/size')).toEqual([{ result: n + 1 }]);
      expect(p.evaluate({ s: 'ok' }, 't/echo')).toEqual([{ result: 'ok' }]);
    }
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

  describe('run-time error locations', () => {
    const src = [
      'package t',
      'import rego.v1',
      'native := count(input.n)',
      'host := time.parse_duration_ns(input.d)',
      'conflict := input.a if true',
      'conflict := input.b if true',
      '',
    ].join('\n');
    const load = (strict: boolean) =>
      RegoPolicy.load(compilePolicy({ modules: [{ path: 'dir/t.rego', source: src }], entrypoints: ['t/native', 't/host', 't/conflict'], strictBuiltinErrors: strict }).wasm, {
        strictBuiltinErrors: strict,
      });
    const failure = (f: () => unknown): RegoEvalError => {
      try {
        f();
      } catch (e) {
        if (e instanceof RegoEvalError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };

    it('strict native builtin errors start with the call\'s file and row, as OPA prints them', async () => {
      const p = await load(true);
      const e = failure(() => p.evaluate({ n: 5 }, 't/native'));
      expect(e.message).toBe('dir/t.rego:3: eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number');
      expect(e.code).toBe('eval_type_error');
      expect(e.location).toEqual({ file: 'dir/t.rego', row: 3 });
    });

    it('strict host builtin errors get the location the module recorded for the call', async () => {
      const p = await load(true);
      const e = failure(() => p.evaluate({ d: 'soon' }, 't/host'));
      expect(e.message).toMatch(/^dir\/t\.rego:4: eval_builtin_error: time\.parse_duration_ns: /);
      expect(e.location).toEqual({ file: 'dir/t.rego', row: 4, col: 9 });
      // the next evaluation starts without a location
      expect(p.evaluate({ d: '1s' }, 't/host')).toEqual([{ result: 1e9 }]);
    });

    it('non-strict modules make failing calls undefined', async () => {
      const p = await load(false);
      expect(p.evaluate({ n: 5 }, 't/native')).toEqual([]);
      expect(p.evaluate({ d: 'soon' }, 't/host')).toEqual([]);
    });

    it('conflicts keep their trailing location, parsed into location', async () => {
      const p = await load(false);
      const e = failure(() => p.evaluate({ a: 1, b: 2 }, 't/conflict'));
      expect(e.message).toMatch(/^eval_conflict_error: complete rules must not produce multiple outputs \(dir\/t\.rego:\d+:1\)$/);
      expect(e.location?.file).toBe('dir/t.rego');
    });
  });

  describe('custom builtins', () => {
    const src = 'package t\nimport rego.v1\nuser := acme.lookup(input.id)\nlen := count(acme.tags(input.id))\nsent := http.send({"id": input.id})\n';
    const decls = [
      { name: 'acme.lookup', args: [{ kind: 'number' as const }], result: { kind: 'any' as const } },
      { name: 'acme.tags', args: [{ kind: 'number' as const }], result: { kind: 'set' as const, of: { kind: 'string' as const } } },
      { name: 'http.send', args: [{ kind: 'any' as const }], result: { kind: 'any' as const } }, // one we lack may be supplied
    ];
    const impls = {
      'acme.lookup': (id: unknown) => (id === 1 ? { name: 'alice' } : undefined),
      'acme.tags': () => ['b', 'a', 'b'],
      'http.send': (req: unknown) => {
        if ((req as { id: number }).id < 0) throw new Error('refused');
        return { status: 200 };
      },
    };
    const compile = () => compilePolicy({ modules: [{ path: 't.rego', source: src }], entrypoints: ['t/user', 't/len', 't/sent'], customBuiltins: decls, strictBuiltinErrors: true }).wasm;

    it('are declared at compile time and implemented at load time', async () => {
      const p = await RegoPolicy.load(compile(), { customBuiltins: impls });
      expect(p.evaluate({ id: 1 }, 't/user')).toEqual([{ result: { name: 'alice' } }]);
      expect(p.evaluate({ id: 2 }, 't/user')).toEqual([]);
      expect(p.evaluate({ id: 1 }, 't/len')).toEqual([{ result: 2 }]); // a set result: duplicates go
      expect(p.evaluate({ id: 1 }, 't/sent')).toEqual([{ result: { status: 200 } }]);
    });

    it('fail like host builtins (strict: with the call location)', async () => {
      const p = await RegoPolicy.load(compile(), { customBuiltins: impls, strictBuiltinErrors: true });
      expect(() => p.evaluate({ id: -1 }, 't/sent')).toThrow('t.rego:5: eval_builtin_error: http.send: refused');
    });

    it('are undefined functions when not declared, and cannot replace our builtins', () => {
      expect(() => compilePolicy({ modules: [{ path: 't.rego', source: 'package t\nx := acme.lookup(1)\n' }] })).toThrow(/undefined function acme\.lookup/);
      expect(() => compilePolicy({ modules: [{ path: 't.rego', source: 'package t\nx := count([])\n' }], customBuiltins: [{ name: 'count', args: [], result: { kind: 'any' } }] })).toThrow(
        /would replace a builtin/,
      );
    });
  });

  it('reports bad input as invalid_input or input_too_large, whatever its form (BUGS #7-#9)', async () => {
    const p = await RegoPolicy.load(rbac(), { maxInputBytes: 100 });
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as RegoEvalError).code;
      }
      return undefined;
    };
    expect(code(() => p.evaluateJson('{"a": ', 0))).toBe('invalid_input');
    expect(code(() => p.evaluate({ user: 'x'.repeat(200) }, 0))).toBe('input_too_large');
    expect(code(() => p.evaluate(['x'.repeat(200)], 0))).toBe('input_too_large');
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(code(() => p.setData({ x: deep }))).toBe('invalid_input'); // deeper than 10,000 levels
    expect(code(() => p.evaluate(deep, 0))).toBe('input_too_large'); // serialised (iteratively): 40 KB
    const unlimited = await RegoPolicy.load(rbac());
    expect(code(() => unlimited.evaluate(deep, 0))).toBe('invalid_input'); // deeper than 10,000 levels
    expect(p.evaluate({ user: 'alice', action: 'read' }, 0)).toEqual([{ result: false }]); // still usable (no data)
  });

  it('turns unknown entrypoints into a typed error', async () => {
    const p = await RegoPolicy.load(rbac());
    expect(() => p.evaluate({}, 'nope/allow')).toThrow(RegoEvalError);
  });
});
