// bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh on integers of any size, with Go
// big.Int semantics: and/or/xor/not act on the infinite two's complement form, lsh is exact,
// rsh rounds toward negative infinity. int64 operands take i64 fast paths.
import { T_NUMBER, tagOf } from "../values/layout";
import { numInt, numKind, intOf, bigAlloc, bigNormalize, bigNeg, bigLen, bigLimbs, K_INT } from "../number/number";
import { magTrim, magShl } from "../number/bigint";
import { alloc, allocZeroed } from "../rt/heap";
import { operandFail, plainFail } from "./fail";
import { bigIntOperandOk } from "./common";

// --- two's complement views ------------------------------------------------------------------------

/** Limbs needed for v's magnitude. */
function magLimbs(v: usize): usize {
  return numKind(v) == K_INT ? 2 : magTrim(bigLimbs(v), bigLen(v));
}

/** v as n limbs of two's complement (n > magnitude limbs, so the top limb carries the sign). */
function twos(v: usize, n: usize): usize {
  let out = allocZeroed(n << 2);
  let neg: bool;
  if (numKind(v) == K_INT) {
    let x = intOf(v);
    neg = x < 0;
    let m: u64 = neg ? 0 - <u64>x : <u64>x;
    store<u32>(out, <u32>m);
    store<u32>(out, <u32>(m >> 32), 4);
  } else {
    neg = bigNeg(v);
    memory.copy(out, bigLimbs(v), magTrim(bigLimbs(v), bigLen(v)) << 2);
  }
  if (neg) negateInPlace(out, n);
  return out;
}

/** In place: p := -p (mod 2^(32n)). */
function negateInPlace(p: usize, n: usize): void {
  let carry: u64 = 1;
  for (let i: usize = 0; i < n; i++) {
    let t = ((<u64>load<u32>(p + (i << 2))) ^ 0xFFFFFFFF) + carry; // widen first: no sign extension
    store<u32>(p + (i << 2), <u32>t);
    carry = t >> 32;
  }
}

/** The number whose two's complement form is the n limbs at p. */
function fromTwos(p: usize, n: usize): usize {
  let neg = (load<u32>(p + ((n - 1) << 2)) >> 31) != 0;
  if (neg) negateInPlace(p, n);
  let r = bigAlloc(n, neg);
  memory.copy(bigLimbs(r), p, n << 2);
  return bigNormalize(r);
}

// @ts-ignore: decorator
@inline const OP_AND: i32 = 0;
// @ts-ignore: decorator
@inline const OP_OR: i32 = 1;
// @ts-ignore: decorator
@inline const OP_XOR: i32 = 2;

function logic(name: string, a: usize, b: usize, op: i32): usize {
  if (a == 0 || b == 0) return 0;
  if (!bigIntOperandOk(name, a, 1) || !bigIntOperandOk(name, b, 2)) return 0;
  if (numKind(a) == K_INT && numKind(b) == K_INT) {
    let x = intOf(a);
    let y = intOf(b);
    return numInt(op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
  }
  let la = magLimbs(a);
  let lb = magLimbs(b);
  let n = (la > lb ? la : lb) + 1;
  let pa = twos(a, n);
  let pb = twos(b, n);
  for (let i: usize = 0; i < n; i++) {
    let x = load<u32>(pa + (i << 2));
    let y = load<u32>(pb + (i << 2));
    store<u32>(pa + (i << 2), op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
  }
  return fromTwos(pa, n);
}

export function vg_builtin_bits_and(a: usize, b: usize): usize { return logic("bits.and", a, b, OP_AND); }
export function vg_builtin_bits_or(a: usize, b: usize): usize { return logic("bits.or", a, b, OP_OR); }
export function vg_builtin_bits_xor(a: usize, b: usize): usize { return logic("bits.xor", a, b, OP_XOR); }

export function vg_builtin_bits_negate(a: usize): usize {
  if (a == 0) return 0;
  if (!bigIntOperandOk("bits.negate", a, 1)) return 0;
  if (numKind(a) == K_INT) return numInt(~intOf(a));
  let n = magLimbs(a) + 1;
  let p = twos(a, n);
  for (let i: usize = 0; i < n; i++) store<u32>(p + (i << 2), ~load<u32>(p + (i << 2)));
  return fromTwos(p, n);
}

// --- shifts ----------------------------------------------------------------------------------------------

// Far beyond any useful policy value; Go would try to allocate and run out of memory instead.
// @ts-ignore: decorator
@inline const MAX_SHIFT: u64 = 1 << 24;

/** Shift count operand: a non-negative integer; -1 after reporting. */
function shiftCount(name: string, a: usize, b: usize): i64 {
  if (!bigIntOperandOk(name, a, 1) || !bigIntOperandOk(name, b, 2)) return -1;
  let negative = numKind(b) == K_INT ? intOf(b) < 0 : bigNeg(b);
  if (negative) {
    operandFail(name, 2, "must be an unsigned integer number but got a negative integer");
    return -1;
  }
  return numKind(b) == K_INT ? intOf(b) : <i64>MAX_SHIFT + 1; // big counts only matter as "huge"
}

/** Magnitude view of an integer: limb pointer (fresh memory for ints), count in viewLen. */
let viewLen: usize = 0;

function magOf(v: usize): usize {
  if (numKind(v) != K_INT) {
    viewLen = magTrim(bigLimbs(v), bigLen(v));
    return bigLimbs(v);
  }
  let x = intOf(v);
  let m: u64 = x < 0 ? 0 - <u64>x : <u64>x;
  let p = alloc(8);
  store<u64>(p, m);
  viewLen = magTrim(p, 2);
  return p;
}

// @ts-ignore: decorator
@inline function isNeg(v: usize): bool {
  return numKind(v) == K_INT ? intOf(v) < 0 : bigNeg(v);
}

export function vg_builtin_bits_lsh(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  let s = shiftCount("bits.lsh", a, b);
  if (s < 0) return 0;
  if (numKind(a) == K_INT) {
    let x = intOf(a);
    if (x == 0) return a;
    if (s < 63 && (x << s) >> s == x) return numInt(x << s);
  }
  if (<u64>s > MAX_SHIFT) return plainFail("bits.lsh", "shift count too large");
  let p = magOf(a);
  let n = viewLen;
  let r = bigAlloc(n + (<usize>s >> 5) + 1, isNeg(a));
  magShl(p, n, <usize>s, bigLimbs(r));
  return bigNormalize(r);
}

export function vg_builtin_bits_rsh(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  let s = shiftCount("bits.rsh", a, b);
  if (s < 0) return 0;
  if (numKind(a) == K_INT) return numInt(intOf(a) >> (s > 63 ? 63 : s));
  // Negative: -((|a| - 1) >> s) - 1, which rounds toward negative infinity (Go's Rsh).
  let neg = bigNeg(a);
  let p = magOf(a);
  let n = viewLen;
  let m = alloc(n << 2);
  memory.copy(m, p, n << 2);
  if (neg) decrement(m, n);
  let words = <usize>(s >> 5);
  if (<u64>s >= <u64>n << 5) return numInt(neg ? -1 : 0);
  let bits = <u32>(s & 31);
  let rn = n - words;
  let r = bigAlloc(rn + 1, neg);
  let q = bigLimbs(r);
  for (let i: usize = 0; i < rn; i++) {
    let lo = load<u32>(m + ((i + words) << 2));
    let hi: u32 = i + words + 1 < n ? load<u32>(m + ((i + words + 1) << 2)) : 0;
    store<u32>(q + (i << 2), bits == 0 ? lo : (lo >> bits) | (hi << (32 - bits)));
  }
  store<u32>(q + (rn << 2), 0);
  if (neg) increment(q, rn + 1);
  return bigNormalize(r);
}

function decrement(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let x = load<u32>(p + (i << 2));
    store<u32>(p + (i << 2), x - 1);
    if (x != 0) return;
  }
}

function increment(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let x = load<u32>(p + (i << 2)) + 1;
    store<u32>(p + (i << 2), x);
    if (x != 0) return;
  }
}
