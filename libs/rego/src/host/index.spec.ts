import { lookupBuiltin } from '../builtins/registry';
import { HostBuiltinError, createHostBuiltins, hostBuiltins } from './index';
import { jsonText } from './wire';

const decode = (v: unknown) => new TextDecoder().decode(new Uint8Array(v as ArrayBuffer));

describe('host builtins for the SDK', () => {
  it('registers every implementation under its private vigil.<name>', () => {
    const map = hostBuiltins();
    expect(Object.keys(map).length).toBeGreaterThan(0);
    for (const key of Object.keys(map)) {
      expect(key.startsWith('vigil.')).toBe(true);
      expect(lookupBuiltin(key.slice('vigil.'.length))).toBeDefined();
    }
  });

  it('passes plain results through and sends exact big integers as JSON bytes', () => {
    const { builtins } = createHostBuiltins();
    expect(builtins['vigil.time.date']([0])).toEqual([1970, 1, 1]);
    const big = builtins['vigil.time.parse_rfc3339_ns']('2017-06-02T19:00:00.123456789Z');
    expect(big).toBeInstanceOf(ArrayBuffer);
    expect(decode(big)).toBe('1496430000123456789');
  });

  it('makes a failing call undefined when not strict', () => {
    const { builtins } = createHostBuiltins({ strict: false });
    expect(builtins['vigil.time.parse_duration_ns']('soon')).toBeUndefined();
    expect(builtins['vigil.time.date']('x')).toBeUndefined();
  });

  it('throws an Error whose message starts with the code when strict', () => {
    const { builtins } = createHostBuiltins({ strict: true });
    expect(() => builtins['vigil.time.date']('x')).toThrow(HostBuiltinError);
    expect(() => builtins['vigil.time.date']('x')).toThrow(
      /^eval_type_error: time\.date: operand 1 must be either number \(ns\) or \[number \(ns\), string \(tz\)\] but got string$/,
    );
    expect(() => builtins['vigil.time.parse_duration_ns']('soon')).toThrow(/^eval_builtin_error: time.parse_duration_ns: time: invalid duration "soon"$/);
  });

  it('pins the clock per evaluation', () => {
    let now = 100n;
    const host = createHostBuiltins({ clock: () => (now += 7n) });
    host.beginEvaluation();
    const a = decode(host.builtins['vigil.time.now_ns']());
    expect(a).toBe('107');
    expect(decode(host.builtins['vigil.time.now_ns']())).toBe(a);
    host.beginEvaluation();
    expect(decode(host.builtins['vigil.time.now_ns']())).toBe('114');
  });
});

describe('the default clock', () => {
  it('is the time evaluation began, the same for every call within it', () => {
    const host = createHostBuiltins();
    const before = BigInt(Date.now()) * 1_000_000n;
    host.beginEvaluation();
    const began = BigInt(Date.now() + 1) * 1_000_000n;
    const spin = Date.now() + 20;
    while (Date.now() < spin) {
      /* later calls must still say when evaluation began */
    }
    const a = BigInt(decode(host.builtins['vigil.time.now_ns']()) as string);
    expect(a >= before - 1_000_000n && a <= began).toBe(true);
    expect(BigInt(decode(host.builtins['vigil.time.now_ns']()) as string)).toBe(a);
    host.beginEvaluation();
    expect(BigInt(decode(host.builtins['vigil.time.now_ns']()) as string) >= a + 19_000_000n).toBe(true);
  });
});

describe('wire JSON', () => {
  it('writes bigints as integers and everything else as JSON.stringify does', () => {
    expect(jsonText({ a: [1, 'x', null, true, 12345678901234567890n], b: {} })).toBe('{"a":[1,"x",null,true,12345678901234567890],"b":{}}');
    expect(jsonText(Number.NaN)).toBe('null');
  });
});
