/**
 * The wasm opcodes our encoder emits, by name, with the kind of immediate each one takes.
 * The encoder writes them; the printer (print-wasm.ts) reads them back with the same table,
 * so the two cannot disagree.
 */

/** What follows an opcode byte. */
export type Immediate =
  | 'none'
  | 'blocktype' // block, loop, if: 0x40 (void) or a value type
  | 'label' // br, br_if: relative depth (u32)
  | 'labels' // br_table: vec(u32) + default (u32)
  | 'func' // call: function index (u32)
  | 'type+table' // call_indirect: type index (u32), table index (u32)
  | 'local' // local.*: local index (u32)
  | 'global' // global.*: global index (u32)
  | 'i32' // i32.const: s32
  | 'i64' // i64.const: s64
  | 'f64' // f64.const: 8 bytes little endian
  | 'memarg' // loads and stores: align (u32), offset (u32)
  | 'memidx'; // memory.size, memory.grow: a zero byte

interface OpInfo {
  readonly code: number;
  readonly imm: Immediate;
}

const op = (code: number, imm: Immediate = 'none'): OpInfo => ({ code, imm });

/** Opcode table, named as in the wasm text format with `.` replaced by `_`. */
export const OPS = {
  unreachable: op(0x00),
  nop: op(0x01),
  block: op(0x02, 'blocktype'),
  loop: op(0x03, 'blocktype'),
  if: op(0x04, 'blocktype'),
  else: op(0x05),
  end: op(0x0b),
  br: op(0x0c, 'label'),
  br_if: op(0x0d, 'label'),
  br_table: op(0x0e, 'labels'),
  return: op(0x0f),
  call: op(0x10, 'func'),
  call_indirect: op(0x11, 'type+table'),
  drop: op(0x1a),
  select: op(0x1b),
  local_get: op(0x20, 'local'),
  local_set: op(0x21, 'local'),
  local_tee: op(0x22, 'local'),
  global_get: op(0x23, 'global'),
  global_set: op(0x24, 'global'),
  i32_load: op(0x28, 'memarg'),
  i64_load: op(0x29, 'memarg'),
  f64_load: op(0x2b, 'memarg'),
  i32_load8_u: op(0x2d, 'memarg'),
  i32_load16_u: op(0x2f, 'memarg'),
  i32_store: op(0x36, 'memarg'),
  i64_store: op(0x37, 'memarg'),
  f64_store: op(0x39, 'memarg'),
  i32_store8: op(0x3a, 'memarg'),
  i32_store16: op(0x3b, 'memarg'),
  memory_size: op(0x3f, 'memidx'),
  memory_grow: op(0x40, 'memidx'),
  i32_const: op(0x41, 'i32'),
  i64_const: op(0x42, 'i64'),
  f64_const: op(0x44, 'f64'),
  i32_eqz: op(0x45),
  i32_eq: op(0x46),
  i32_ne: op(0x47),
  i32_lt_s: op(0x48),
  i32_lt_u: op(0x49),
  i32_gt_s: op(0x4a),
  i32_gt_u: op(0x4b),
  i32_le_s: op(0x4c),
  i32_le_u: op(0x4d),
  i32_ge_s: op(0x4e),
  i32_ge_u: op(0x4f),
  i64_eqz: op(0x50),
  i64_eq: op(0x51),
  i64_ne: op(0x52),
  i64_lt_s: op(0x53),
  i64_gt_s: op(0x55),
  f64_eq: op(0x61),
  f64_ne: op(0x62),
  f64_lt: op(0x63),
  f64_gt: op(0x64),
  i32_add: op(0x6a),
  i32_sub: op(0x6b),
  i32_mul: op(0x6c),
  i32_div_s: op(0x6d),
  i32_div_u: op(0x6e),
  i32_rem_u: op(0x70),
  i32_and: op(0x71),
  i32_or: op(0x72),
  i32_xor: op(0x73),
  i32_shl: op(0x74),
  i32_shr_s: op(0x75),
  i32_shr_u: op(0x76),
  i64_add: op(0x7c),
  i64_sub: op(0x7d),
  i64_mul: op(0x7e),
  i64_and: op(0x83),
  i64_or: op(0x84),
  i64_shl: op(0x86),
  i64_shr_u: op(0x88),
  f64_add: op(0xa0),
  f64_sub: op(0xa1),
  f64_mul: op(0xa2),
  f64_div: op(0xa3),
  i32_wrap_i64: op(0xa7),
  i64_extend_i32_s: op(0xac),
  i64_extend_i32_u: op(0xad),
  f64_convert_i32_s: op(0xb7),
  f64_convert_i64_s: op(0xb9),
} as const satisfies Record<string, OpInfo>;

export type OpName = keyof typeof OPS;

/** Opcode byte → name, for the printer. */
export const OP_BY_CODE: ReadonlyMap<number, OpName> = new Map(
  (Object.keys(OPS) as OpName[]).map((name) => [OPS[name].code, name]),
);

/** Value types and the empty block type. */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  funcref: 0x70,
} as const;
export type ValTypeName = 'i32' | 'i64' | 'f32' | 'f64';
export const BLOCK_VOID = 0x40;

export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  datacount: 12,
  tag: 13,
} as const;

export const ExternalKind = {
  func: 0,
  table: 1,
  memory: 2,
  global: 3,
  tag: 4,
} as const;
