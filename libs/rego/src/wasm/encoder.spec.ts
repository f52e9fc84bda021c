import fc from 'fast-check';
import { ByteWriter, Code, encodeFunctionBody } from './encoder';
import { buildMiniModule } from './mini-module';
import { ByteReader } from './reader';

describe('LEB128', () => {
  it('encodes u32 like the spec examples', () => {
    expect([...new ByteWriter().u32(0).toBytes()]).toEqual([0]);
    expect([...new ByteWriter().u32(127).toBytes()]).toEqual([0x7f]);
    expect([...new ByteWriter().u32(128).toBytes()]).toEqual([0x80, 0x01]);
    expect([...new ByteWriter().u32(624485).toBytes()]).toEqual([0xe5, 0x8e, 0x26]);
    expect([...new ByteWriter().u32(0xffffffff).toBytes()]).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes s32 with sign extension', () => {
    expect([...new ByteWriter().s32(-1).toBytes()]).toEqual([0x7f]);
    expect([...new ByteWriter().s32(63).toBytes()]).toEqual([0x3f]);
    expect([...new ByteWriter().s32(64).toBytes()]).toEqual([0xc0, 0x00]);
    expect([...new ByteWriter().s32(-123456).toBytes()]).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('round-trips u32, s32 and s64 through the reader', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (u, s, l) => {
        const w = new ByteWriter(1).u32(u).s32(s).s64(l);
        const r = new ByteReader(w.toBytes());
        expect([r.u32(), r.s32(), r.s64(), r.done]).toEqual([u, s, l, true]);
      }),
    );
  });

  it('grows the buffer past its initial capacity', () => {
    const w = new ByteWriter(2);
    for (let i = 0; i < 1000; i++) w.u8(i & 0xff);
    expect(w.length).toBe(1000);
    expect(w.toBytes()[999]).toBe(999 & 0xff);
  });
});

describe('instruction emitter', () => {
  const i32 = 'i32' as const;

  function run(params: ('i32' | 'i64' | 'f64')[], result: 'i32' | 'i64' | 'f64', locals: number, body: (c: Code) => void, ...args: unknown[]): unknown {
    const bytes = buildMiniModule({
      functions: [{ type: { params, results: [result] }, locals, body }],
      exports: [{ name: 'f', kind: 'func', index: 0 }],
    });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    return (inst.exports.f as (...a: unknown[]) => unknown)(...args);
  }

  it('emits constants of every width', () => {
    expect(run([], i32, 0, (c) => c.i32_const(-7))).toBe(-7);
    expect(run([], 'i64', 0, (c) => c.i64_const(-(2n ** 62n)))).toBe(-(2n ** 62n));
    expect(run([], 'f64', 0, (c) => c.f64_const(0.1))).toBe(0.1);
  });

  it('emits blocks, loops, br_if and locals (sum 1..n)', () => {
    const sum = (c: Code): void => {
      c.block().loop();
      c.local_get(0).i32_eqz().br_if(1);
      c.local_get(1).local_get(0).i32_add().local_set(1);
      c.local_get(0).i32_const(1).i32_sub().local_set(0);
      c.br(0).end().end();
      c.local_get(1);
    };
    expect(run([i32], i32, 1, sum, 10)).toBe(55);
    expect(run([i32], i32, 1, sum, 0)).toBe(0);
  });

  it('emits br_table, if/else and select', () => {
    const pick = (c: Code): void => {
      c.block().block().block();
      c.local_get(0).br_table([0, 1], 2);
      c.end().i32_const(10).return();
      c.end().i32_const(20).return();
      c.end();
      c.local_get(0).i32_const(5).i32_gt_s().if(i32).i32_const(1).else().i32_const(2).end();
      c.i32_const(100).i32_const(200).local_get(0).i32_const(9).i32_eq().select().i32_add();
    };
    expect(run([i32], i32, 0, pick, 0)).toBe(10);
    expect(run([i32], i32, 0, pick, 1)).toBe(20);
    expect(run([i32], i32, 0, pick, 9)).toBe(101);
    expect(run([i32], i32, 0, pick, 3)).toBe(202);
  });

  it('tracks open blocks so callers can check nesting', () => {
    const c = new Code();
    c.block().loop().if();
    expect(c.openBlocks).toBe(3);
    c.end().end().end();
    expect(c.openBlocks).toBe(0);
  });

  it('declares locals in the function body', () => {
    const c = new Code().local_get(0);
    expect([...encodeFunctionBody(3, c)]).toEqual([1, 3, 0x7f, 0x20, 0, 0x0b]);
    expect([...encodeFunctionBody(0, new Code().i32_const(1))]).toEqual([0, 0x41, 1, 0x0b]);
  });
});
