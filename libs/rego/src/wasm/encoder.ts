/**
 * A small wasm binary encoder with no dependencies: LEB128, a growable byte buffer, section and
 * vector writers, and an instruction emitter with one method per opcode we use. Codegen writes
 * function bodies straight into bytes (no instruction objects), which keeps compiling large
 * policies cheap.
 */
import { BLOCK_VOID, OPS, ValType, type ValTypeName } from './opcodes';

const utf8 = new TextEncoder();

/** A growable byte buffer with LEB128 and wasm vector helpers. */
export class ByteWriter {
  protected buf: Uint8Array<ArrayBuffer>;
  protected len = 0;

  constructor(initialCapacity = 64) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(b: number): this {
    this.ensure(1);
    this.buf[this.len++] = b;
    return this;
  }

  bytes(src: Uint8Array): this {
    this.ensure(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
    return this;
  }

  /** Unsigned LEB128 of a value in [0, 2^32). */
  u32(v: number): this {
    this.ensure(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.len++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.len++] = x;
    return this;
  }

  /** Signed LEB128 of a value in [-2^31, 2^31). */
  s32(v: number): this {
    this.ensure(5);
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
      this.buf[this.len++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  /** Signed LEB128 of a 64-bit value. */
  s64(v: bigint | number): this {
    let x = BigInt.asIntN(64, BigInt(v));
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  f64(v: number): this {
    const tmp = new DataView(new ArrayBuffer(8));
    tmp.setFloat64(0, v, true);
    return this.bytes(new Uint8Array(tmp.buffer));
  }

  u32le(v: number): this {
    this.ensure(4);
    const b = this.buf;
    b[this.len++] = v & 0xff;
    b[this.len++] = (v >>> 8) & 0xff;
    b[this.len++] = (v >>> 16) & 0xff;
    b[this.len++] = (v >>> 24) & 0xff;
    return this;
  }

  /** A wasm name: vec(byte) of UTF-8. */
  name(s: string): this {
    const b = utf8.encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** A length-prefixed blob: vec(byte). */
  blob(b: Uint8Array): this {
    return this.u32(b.length).bytes(b);
  }

  /** Copy of the written bytes. */
  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }

  /** View of the written bytes (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Writes `id`, the byte size of `body`, then `body`. */
export function writeSection(out: ByteWriter, id: number, body: Uint8Array): void {
  out.u8(id).u32(body.length).bytes(body);
}

/** Writes vec(items) using `each` for the elements. */
export function writeVec<T>(out: ByteWriter, items: readonly T[], each: (w: ByteWriter, item: T) => void): void {
  out.u32(items.length);
  for (const item of items) each(out, item);
}

export function valType(t: ValTypeName): number {
  return ValType[t];
}

/** A function type: params → results. */
export interface FuncType {
  readonly params: readonly ValTypeName[];
  readonly results: readonly ValTypeName[];
}

export function writeFuncType(out: ByteWriter, t: FuncType): void {
  out.u8(0x60);
  writeVec(out, t.params, (w, p) => w.u8(valType(p)));
  writeVec(out, t.results, (w, r) => w.u8(valType(r)));
}

/** A stable key for deduplicating function types. */
export function funcTypeKey(t: FuncType): string {
  return `${t.params.join(',')}->${t.results.join(',')}`;
}

export const MAGIC_AND_VERSION = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Instruction emitter: one method per opcode, immediates encoded as the spec says. */
export class Code extends ByteWriter {
  private depth = 0;

  /** Structured-control nesting depth (blocks, loops and ifs not yet ended). */
  get openBlocks(): number {
    return this.depth;
  }

  private blockType(result?: ValTypeName): void {
    this.u8(result === undefined ? BLOCK_VOID : valType(result));
  }

  unreachable(): this { return this.u8(OPS.unreachable.code); }
  nop(): this { return this.u8(OPS.nop.code); }
  block(result?: ValTypeName): this { this.depth++; this.u8(OPS.block.code); this.blockType(result); return this; }
  loop(result?: ValTypeName): this { this.depth++; this.u8(OPS.loop.code); this.blockType(result); return this; }
  if(result?: ValTypeName): this { this.depth++; this.u8(OPS.if.code); this.blockType(result); return this; }
  else(): this { return this.u8(OPS.else.code); }
  end(): this { this.depth--; return this.u8(OPS.end.code); }
  br(depth: number): this { return this.u8(OPS.br.code).u32(depth); }
  br_if(depth: number): this { return this.u8(OPS.br_if.code).u32(depth); }
  br_table(depths: readonly number[], defaultDepth: number): this {
    this.u8(OPS.br_table.code).u32(depths.length);
    for (const d of depths) this.u32(d);
    return this.u32(defaultDepth);
  }
  return(): this { return this.u8(OPS.return.code); }
  call(func: number): this { return this.u8(OPS.call.code).u32(func); }
  call_indirect(typeIndex: number, table = 0): this { return this.u8(OPS.call_indirect.code).u32(typeIndex).u32(table); }
  drop(): this { return this.u8(OPS.drop.code); }
  select(): this { return this.u8(OPS.select.code); }

  local_get(i: number): this { return this.u8(OPS.local_get.code).u32(i); }
  local_set(i: number): this { return this.u8(OPS.local_set.code).u32(i); }
  local_tee(i: number): this { return this.u8(OPS.local_tee.code).u32(i); }
  global_get(i: number): this { return this.u8(OPS.global_get.code).u32(i); }
  global_set(i: number): this { return this.u8(OPS.global_set.code).u32(i); }

  i32_const(v: number): this { return this.u8(OPS.i32_const.code).s32(v); }
  i64_const(v: bigint | number): this { return this.u8(OPS.i64_const.code).s64(v); }
  f64_const(v: number): this { return this.u8(OPS.f64_const.code).f64(v); }

  private mem(code: number, align: number, offset: number): this { return this.u8(code).u32(align).u32(offset); }
  i32_load(offset = 0, align = 2): this { return this.mem(OPS.i32_load.code, align, offset); }
  i64_load(offset = 0, align = 3): this { return this.mem(OPS.i64_load.code, align, offset); }
  f64_load(offset = 0, align = 3): this { return this.mem(OPS.f64_load.code, align, offset); }
  i32_load8_u(offset = 0): this { return this.mem(OPS.i32_load8_u.code, 0, offset); }
  i32_load16_u(offset = 0, align = 1): this { return this.mem(OPS.i32_load16_u.code, align, offset); }
  i32_store(offset = 0, align = 2): this { return this.mem(OPS.i32_store.code, align, offset); }
  i64_store(offset = 0, align = 3): this { return this.mem(OPS.i64_store.code, align, offset); }
  f64_store(offset = 0, align = 3): this { return this.mem(OPS.f64_store.code, align, offset); }
  i32_store8(offset = 0): this { return this.mem(OPS.i32_store8.code, 0, offset); }
  i32_store16(offset = 0, align = 1): this { return this.mem(OPS.i32_store16.code, align, offset); }
  memory_size(): this { return this.u8(OPS.memory_size.code).u8(0); }
  memory_grow(): this { return this.u8(OPS.memory_grow.code).u8(0); }

  i32_eqz(): this { return this.u8(OPS.i32_eqz.code); }
  i32_eq(): this { return this.u8(OPS.i32_eq.code); }
  i32_ne(): this { return this.u8(OPS.i32_ne.code); }
  i32_lt_s(): this { return this.u8(OPS.i32_lt_s.code); }
  i32_lt_u(): this { return this.u8(OPS.i32_lt_u.code); }
  i32_gt_s(): this { return this.u8(OPS.i32_gt_s.code); }
  i32_gt_u(): this { return this.u8(OPS.i32_gt_u.code); }
  i32_le_s(): this { return this.u8(OPS.i32_le_s.code); }
  i32_le_u(): this { return this.u8(OPS.i32_le_u.code); }
  i32_ge_s(): this { return this.u8(OPS.i32_ge_s.code); }
  i32_ge_u(): this { return this.u8(OPS.i32_ge_u.code); }
  i32_add(): this { return this.u8(OPS.i32_add.code); }
  i32_sub(): this { return this.u8(OPS.i32_sub.code); }
  i32_mul(): this { return this.u8(OPS.i32_mul.code); }
  i32_div_s(): this { return this.u8(OPS.i32_div_s.code); }
  i32_div_u(): this { return this.u8(OPS.i32_div_u.code); }
  i32_rem_u(): this { return this.u8(OPS.i32_rem_u.code); }
  i32_and(): this { return this.u8(OPS.i32_and.code); }
  i32_or(): this { return this.u8(OPS.i32_or.code); }
  i32_xor(): this { return this.u8(OPS.i32_xor.code); }
  i32_shl(): this { return this.u8(OPS.i32_shl.code); }
  i32_shr_s(): this { return this.u8(OPS.i32_shr_s.code); }
  i32_shr_u(): this { return this.u8(OPS.i32_shr_u.code); }

  i64_eqz(): this { return this.u8(OPS.i64_eqz.code); }
  i64_eq(): this { return this.u8(OPS.i64_eq.code); }
  i64_ne(): this { return this.u8(OPS.i64_ne.code); }
  i64_lt_s(): this { return this.u8(OPS.i64_lt_s.code); }
  i64_gt_s(): this { return this.u8(OPS.i64_gt_s.code); }
  i64_add(): this { return this.u8(OPS.i64_add.code); }
  i64_sub(): this { return this.u8(OPS.i64_sub.code); }
  i64_mul(): this { return this.u8(OPS.i64_mul.code); }
  i64_and(): this { return this.u8(OPS.i64_and.code); }
  i64_or(): this { return this.u8(OPS.i64_or.code); }
  i64_shl(): this { return this.u8(OPS.i64_shl.code); }
  i64_shr_u(): this { return this.u8(OPS.i64_shr_u.code); }
  i32_wrap_i64(): this { return this.u8(OPS.i32_wrap_i64.code); }
  i64_extend_i32_s(): this { return this.u8(OPS.i64_extend_i32_s.code); }
  i64_extend_i32_u(): this { return this.u8(OPS.i64_extend_i32_u.code); }

  f64_eq(): this { return this.u8(OPS.f64_eq.code); }
  f64_ne(): this { return this.u8(OPS.f64_ne.code); }
  f64_lt(): this { return this.u8(OPS.f64_lt.code); }
  f64_gt(): this { return this.u8(OPS.f64_gt.code); }
  f64_add(): this { return this.u8(OPS.f64_add.code); }
  f64_sub(): this { return this.u8(OPS.f64_sub.code); }
  f64_mul(): this { return this.u8(OPS.f64_mul.code); }
  f64_div(): this { return this.u8(OPS.f64_div.code); }
  f64_convert_i32_s(): this { return this.u8(OPS.f64_convert_i32_s.code); }
  f64_convert_i64_s(): this { return this.u8(OPS.f64_convert_i64_s.code); }
}

/**
 * A finished function body: locals declared as one run of `localCount` values of `localType`
 * (codegen only needs i32 locals) followed by the instructions and the final `end`.
 */
export function encodeFunctionBody(localCount: number, code: Code, localType: ValTypeName = 'i32'): Uint8Array<ArrayBuffer> {
  const w = new ByteWriter(code.length + 8);
  if (localCount > 0) w.u32(1).u32(localCount).u8(valType(localType));
  else w.u32(0);
  w.bytes(code.view());
  w.u8(OPS.end.code);
  return w.toBytes();
}
