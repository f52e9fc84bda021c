/**
 * Host builtins through the whole pipeline: Rego compiled by our compiler, loaded into
 * @open-policy-agent/opa-wasm with our customBuiltins map, evaluated. Checks what only
 * the real SDK boundary shows: exact big integers through the JSON-bytes path, set
 * results becoming sets, exact host calls (value text both ways), strict and non-strict
 * errors, and the pinned clock.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compileWasm } from '../wasm/codegen';
import { planRego } from '../plan/spec-util';
import { createHostBuiltins, type HostBuiltinsOptions } from './index';

async function run(body: string, opts: HostBuiltinsOptions = {}): Promise<unknown> {
  const src = `package t\nimport rego.v1\np := x if { ${body} }`;
  const { wasm } = compileWasm(planRego(src, { entrypoints: ['t/p'], enablePrint: true } as never));
  const host = createHostBuiltins(opts);
  const policy = await loadPolicy(wasm, undefined, host.builtins as Record<string, (...args: unknown[]) => unknown>);
  host.beginEvaluation();
  const rs = policy.evaluate(undefined, 0) as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0].result;
}

describe('host builtins through the SDK', () => {
  it('keeps nanosecond results exact beyond 2^53 (compared inside the module)', async () => {
    expect(await run('x := time.parse_rfc3339_ns("2017-06-02T19:00:00.123456789Z") == 1496430000123456789')).toBe(true);
    expect(await run('x := time.parse_rfc3339_ns("2017-06-02T19:00:00.123456789Z") == 1496430000123456788')).toBe(false);
  });

  it('turns set results into sets', async () => {
    expect(await run('x := net.cidr_expand("10.0.0.0/31") == {"10.0.0.1", "10.0.0.0"}')).toBe(true);
  });

  it('returns decoded JSON objects as values', async () => {
    expect(await run('[_, payload, _] := io.jwt.decode("eyJhbGciOiJIUzI1NiJ9.eyJuIjoxMjM0NTY3ODkwMTIzNDU2Nzg5MH0.c2ln"); x := payload.n == 12345678901234567890')).toBe(true);
  });

  it('makes failing calls undefined, or aborts with the code when strict', async () => {
    expect(await run('x := time.parse_duration_ns("soon")')).toBeUndefined();
    await expect(run('x := time.parse_duration_ns("soon")', { strict: true })).rejects.toThrow(
      /^eval_builtin_error: time\.parse_duration_ns: time: invalid duration "soon"$/,
    );
  });

  it('formats numbers from their text, as OPA: literals keep the text they were written with', async () => {
    // 2e308 is no float64: OPA prints the literal; 1e21 is a float64 literal (not integer syntax)
    expect(await run('x := sprintf("%v|%v|%v|%v|%v", [2e308, 1e21, 1e20, 1.0, 1.5])')).toBe('2e308|1e+21|1e+20|1|1.5');
    expect(await run('x := sprintf("%v", [[1e400, 2]])')).toBe('[1e400, 2]');
    expect(await run('x := sprintf("%v", [1e3 + 0])')).toBe('1000'); // computed: no text
    expect(await run('x := json.marshal([1e400, 1.0000000000000000000001, 1e-400, 0.10])')).toBe('[1e400,1.0000000000000000000001,1e-400,0.10]');
  });

  it('passes sets and big integers exactly to exactValues builtins, and takes sets back', async () => {
    expect(await run('x := sprintf("%s %d", [123456789123456789123, 1208925819614629174706175])')).toBe('123456789123456789123 1208925819614629174706175');
    expect(await run('x := sprintf("%v %v", [{3, 1, {"a"}}, {1: "one"}])')).toBe('{1, 3, {"a"}} {1: "one"}');
    const tuples = '{["1.1.1.0/24", "bar"]}, {["1.1.1.1", "baz"], ["1.1.2.1", "qux"]}';
    expect(await run(`x := net.cidr_contains_matches(${tuples}) == {[["1.1.1.0/24", "bar"], ["1.1.1.1", "baz"]]}`)).toBe(true);
    expect(await run('x := json.patch({"a", [1]}, [{"op": "add", "path": [[1], 1], "value": 2}]) == {"a", [1, 2]}')).toBe(true);
    expect(await run('x := is_set(json.patch({"k": {"a"}}, [{"op": "remove", "path": "/k/a"}]).k)')).toBe(true);
  });

  it('answers time.now_ns from the pinned clock', async () => {
    expect(await run('x := time.now_ns()', { clock: () => 42_000n })).toBe(42000);
  });

  it('prints through internal.print', async () => {
    const lines: string[] = [];
    await run('x := 1; print("x is", x)', { onPrint: (m) => lines.push(m) });
    expect(lines).toEqual(['x is 1']);
  });
});
