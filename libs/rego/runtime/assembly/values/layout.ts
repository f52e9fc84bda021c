// Value layout. A value is a pointer to a struct whose first byte is its tag; pointer 0 means
// undefined. Tags follow OPA's total order, so comparing tags orders values of different types.
//
//   null     [tag]                                              (static singleton)
//   boolean  [tag][..][u32 b @4]                                (static singletons)
//   number   [tag][kind @1][sign @2][..][payload @8]            kind: int (i64 @8), float (f64 @8),
//                                                               big (u32 limb count @4, u32 limbs @8.., little end first)
//   string   [tag][flags @1][..][u32 len @4][u32 data @8][u32 hash @12][i32 codePoints @16]  (24 bytes)
//   array    [tag][..][u32 len @4][u32 cap @8][u32 elems @12]   elems: u32 value pointers
//   object   [tag][flags @1][..][u32 count @4][u32 cap @8][u32 entries @12][u32 table @16]
//   set       [u32 tmask @20][u32 sorted @24][u32 sortedEpoch @28]  (32 bytes; see collection.ts)

// @ts-ignore: decorator
@inline export const T_NULL: u8 = 1;
// @ts-ignore: decorator
@inline export const T_BOOLEAN: u8 = 2;
// @ts-ignore: decorator
@inline export const T_NUMBER: u8 = 3;
// @ts-ignore: decorator
@inline export const T_STRING: u8 = 4;
// @ts-ignore: decorator
@inline export const T_ARRAY: u8 = 5;
// @ts-ignore: decorator
@inline export const T_OBJECT: u8 = 6;
// @ts-ignore: decorator
@inline export const T_SET: u8 = 7;

// @ts-ignore: decorator
@inline export function tagOf(v: usize): u8 {
  return v == 0 ? 0 : load<u8>(v);
}

/** OPA's type names, as type_name and error messages spell them. */
export function typeNameOf(v: usize): string {
  switch (tagOf(v)) {
    case T_NULL: return "null";
    case T_BOOLEAN: return "boolean";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_ARRAY: return "array";
    case T_OBJECT: return "object";
    case T_SET: return "set";
  }
  return "undefined";
}

// --- strings ---
// @ts-ignore: decorator
@inline export const STR_SIZE: usize = 24;
// @ts-ignore: decorator
@inline export function strLen(s: usize): usize { return <usize>load<u32>(s, 4); }
// @ts-ignore: decorator
@inline export function strData(s: usize): usize { return <usize>load<u32>(s, 8); }

// --- arrays ---
// @ts-ignore: decorator
@inline export const ARR_SIZE: usize = 16;
// @ts-ignore: decorator
@inline export function arrLen(a: usize): usize { return <usize>load<u32>(a, 4); }
// @ts-ignore: decorator
@inline export function arrElems(a: usize): usize { return <usize>load<u32>(a, 12); }
// @ts-ignore: decorator
@inline export function arrAt(a: usize, i: usize): usize { return <usize>load<u32>(arrElems(a) + (i << 2)); }
