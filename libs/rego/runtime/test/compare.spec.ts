import fc from 'fast-check';
import { loadRuntime } from './harness';
import { refCompare, valueText, type RValue } from './reference';

/** Random Rego values: exact integers as bigint, non-integral floats, strings with astral characters. */
const rvalue: fc.Arbitrary<RValue> = fc.letrec<{ v: RValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<RValue>({ t: 'null' }),
    fc.boolean().map<RValue>((v) => ({ t: 'bool', v })),
    fc.oneof(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.bigInt({ min: -3n, max: 3n })).map<RValue>((v) => ({ t: 'num', v })),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((d) => !Number.isInteger(d)).map<RValue>((v) => ({ t: 'num', v })),
    fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom('a', 'b', '\ue000', '😀', 'ab', '')).map<RValue>((v) => ({ t: 'str', v })),
    fc.array(tie('v'), { maxLength: 3 }).map<RValue>((v) => ({ t: 'arr', v })),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 3 }).map<RValue>((v) => ({ t: 'obj', v })),
    fc.array(tie('v'), { maxLength: 3 }).map<RValue>((v) => ({ t: 'set', v })),
  ),
})).v;

/** The same value written differently: other number spellings, entries and elements reordered. */
function respell(v: RValue, rnd: () => number): string {
  const shuffle = <T>(xs: T[]): T[] => xs.map((x) => [rnd(), x] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
  switch (v.t) {
    case 'num':
      if (typeof v.v === 'bigint') return rnd() < 0.5 || v.v === 0n ? `${v.v}.0` : `${v.v}0e-1`;
      return v.v.toPrecision(17);
    case 'arr': return `[${v.v.map((x) => respell(x, rnd)).join(',')}]`;
    case 'set': return v.v.length === 0 ? 'set()' : `{${shuffle(v.v).map((x) => respell(x, rnd)).join(',')}}`;
    case 'obj': {
      // keep only the last of duplicate keys, as the parser does, so reordering cannot change the value
      const last = v.v.filter(([k], i) => !v.v.slice(i + 1).some(([k2]) => refCompare(k, k2) === 0));
      return `{${shuffle(last).map(([k, x]) => `${respell(k, rnd)}:${respell(x, rnd)}`).join(',')}}`;
    }
    default: return valueText(v);
  }
}

describe('compare, equal and hash', () => {
  const rt = loadRuntime({ initial: 8 });
  const base = rt.x.opa_heap_ptr_get();
  beforeEach(() => rt.x.vg_eval_begin(base));
  const val = (v: RValue): number => {
    const p = rt.parseValue(valueText(v));
    if (p === 0) throw new Error(`did not parse: ${valueText(v)}`);
    return p;
  };

  it('orders values as OPA does (a TypeScript reference of the total order)', () => {
    fc.assert(
      fc.property(rvalue, rvalue, (a, b) => {
        rt.x.vg_eval_begin(base);
        const [pa, pb] = [val(a), val(b)];
        const expected = Math.sign(refCompare(a, b)) || 0;
        expect(rt.x.vg_compare(pa, pb)).toBe(expected);
        expect(rt.x.vg_compare(pb, pa)).toBe(-expected || 0);
        expect(rt.x.vg_equal(pa, pb)).toBe(expected === 0 ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts by type first: null < boolean < number < string < array < object < set', () => {
    const set = rt.parseValue('{set(), {}, [], "", 0, false, null, {1}, {"a":1}, [0], "a", -1, true}');
    expect(rt.dumpValue(set)).toBe('{null,false,true,-1,0,"","a",[],[0],{},{"a":1},set(),{1}}');
  });

  it('compares strings by UTF-8 bytes (U+E000 sorts before U+1F600, unlike UTF-16)', () => {
    expect(rt.x.vg_compare(rt.str('\ue000'), rt.str('😀'))).toBe(-1);
    expect(rt.dump(rt.parseValue('{"😀", "\ue000", "z", "é"}'))).toBe('["z","é","\ue000","😀"]');
  });

  it('gives equal values the same hash: respelled values collapse in sets and find object keys', () => {
    fc.assert(
      fc.property(rvalue, fc.integer(), (v, seed) => {
        rt.x.vg_eval_begin(base);
        let s = seed;
        const rnd = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        const a = val(v);
        const b = rt.parseValue(respell(v, rnd));
        expect(b).not.toBe(0);
        expect(rt.x.vg_equal(a, b)).toBe(1);
        expect(rt.x.vg_compare(a, b)).toBe(0);
        const set = rt.x.vg_set();
        rt.x.vg_set_add(set, a);
        rt.x.vg_set_add(set, b);
        expect(rt.x.vg_len(set)).toBe(1);
        // a large object uses its hash index
        const obj = rt.x.vg_object();
        for (let i = 0; i < 20; i++) rt.x.vg_object_insert(obj, rt.x.vg_int(i + 1000), rt.x.vg_null());
        rt.x.vg_object_insert(obj, a, rt.x.vg_true());
        expect(rt.x.vg_dot(obj, b)).toBe(rt.x.vg_true());
      }),
      { numRuns: 1000 },
    );
  });
});
