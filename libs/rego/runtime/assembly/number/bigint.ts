// Unsigned big-integer magnitudes: little-endian arrays of u32 limbs at a pointer, with an explicit
// limb count. Signs and value layout are handled in number.ts; these routines only do arithmetic.
// Sizes here are small (Rego integers beyond int64 are rare), so schoolbook algorithms suffice.

/** Limb count without leading zero limbs. */
export function magTrim(p: usize, n: usize): usize {
  while (n > 0 && load<u32>(p + ((n - 1) << 2)) == 0) n--;
  return n;
}

export function magCompare(a: usize, an: usize, b: usize, bn: usize): i32 {
  an = magTrim(a, an);
  bn = magTrim(b, bn);
  if (an != bn) return an < bn ? -1 : 1;
  for (let i = <isize>an - 1; i >= 0; i--) {
    let x = load<u32>(a + (<usize>i << 2));
    let y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** out[0..max(an,bn)] = a + b; out needs max(an, bn) + 1 limbs. Returns the limb count written. */
export function magAdd(a: usize, an: usize, b: usize, bn: usize, out: usize): usize {
  if (an < bn) {
    let t = a; a = b; b = t;
    let tn = an; an = bn; bn = tn;
  }
  let carry: u64 = 0;
  for (let i: usize = 0; i < an; i++) {
    let s = <u64>load<u32>(a + (i << 2)) + carry;
    if (i < bn) s += <u64>load<u32>(b + (i << 2));
    store<u32>(out + (i << 2), <u32>s);
    carry = s >> 32;
  }
  store<u32>(out + (an << 2), <u32>carry);
  return an + 1;
}

/** out = a - b, requires a >= b; out needs an limbs. */
export function magSub(a: usize, an: usize, b: usize, bn: usize, out: usize): usize {
  let borrow: i64 = 0;
  for (let i: usize = 0; i < an; i++) {
    let d = <i64>load<u32>(a + (i << 2)) - borrow;
    if (i < bn) d -= <i64>load<u32>(b + (i << 2));
    borrow = d < 0 ? 1 : 0;
    store<u32>(out + (i << 2), <u32>d);
  }
  return an;
}

/** out = a * b; out needs an + bn limbs (it is zeroed here). */
export function magMul(a: usize, an: usize, b: usize, bn: usize, out: usize): usize {
  memory.fill(out, 0, (an + bn) << 2);
  for (let i: usize = 0; i < an; i++) {
    let x = <u64>load<u32>(a + (i << 2));
    if (x == 0) continue;
    let carry: u64 = 0;
    for (let j: usize = 0; j < bn; j++) {
      let o = out + ((i + j) << 2);
      let t = x * <u64>load<u32>(b + (j << 2)) + <u64>load<u32>(o) + carry;
      store<u32>(o, <u32>t);
      carry = t >> 32;
    }
    store<u32>(out + ((i + bn) << 2), <u32>carry);
  }
  return an + bn;
}

/** In place p = p * m + add; returns the carry limb (caller stores it when non-zero). */
export function magMulSmall(p: usize, n: usize, m: u32, add: u32): u32 {
  let carry = <u64>add;
  for (let i: usize = 0; i < n; i++) {
    let t = <u64>load<u32>(p + (i << 2)) * <u64>m + carry;
    store<u32>(p + (i << 2), <u32>t);
    carry = t >> 32;
  }
  return <u32>carry;
}

/** In place p = p / d; returns the remainder. */
export function magDivSmall(p: usize, n: usize, d: u32): u32 {
  let rem: u64 = 0;
  for (let i = <isize>n - 1; i >= 0; i--) {
    let q = p + (<usize>i << 2);
    let cur = (rem << 32) | <u64>load<u32>(q);
    store<u32>(q, <u32>(cur / <u64>d));
    rem = cur % <u64>d;
  }
  return <u32>rem;
}

/** out = p << bits (out needs n + bits/32 + 1 limbs; may not overlap p). Returns the limb count. */
export function magShl(p: usize, n: usize, bits: usize, out: usize): usize {
  let limbs = bits >> 5;
  let sh = <u32>(bits & 31);
  memory.fill(out, 0, limbs << 2);
  let carry: u32 = 0;
  for (let i: usize = 0; i < n; i++) {
    let x = load<u32>(p + (i << 2));
    store<u32>(out + ((i + limbs) << 2), sh == 0 ? x : (x << sh) | carry);
    carry = sh == 0 ? 0 : x >> (32 - sh);
  }
  store<u32>(out + ((n + limbs) << 2), carry);
  return n + limbs + 1;
}

/** Number of significant bits. */
export function magBitLen(p: usize, n: usize): usize {
  n = magTrim(p, n);
  if (n == 0) return 0;
  return (n << 5) - <usize>clz<u32>(load<u32>(p + ((n - 1) << 2)));
}

/**
 * q = a / b, r = a % b (Knuth's algorithm D). bn >= 1 after trimming and b != 0. q needs
 * an - bn + 1 limbs, r needs bn limbs; `work` scratch needs an + 1 + bn limbs.
 */
export function magDivMod(a: usize, an: usize, b: usize, bn: usize, q: usize, r: usize, work: usize): void {
  an = magTrim(a, an);
  bn = magTrim(b, bn);
  if (an < bn) {
    if (q != 0) store<u32>(q, 0);
    memory.copy(r, a, an << 2);
    memory.fill(r + (an << 2), 0, (bn - an) << 2);
    return;
  }
  if (bn == 1) {
    memory.copy(work, a, an << 2);
    let rem = magDivSmall(work, an, load<u32>(b));
    if (q != 0) memory.copy(q, work, an << 2);
    store<u32>(r, rem);
    return;
  }
  let s = <u32>clz<u32>(load<u32>(b + ((bn - 1) << 2)));
  let un = work; // an + 1 limbs
  let vn = work + ((an + 1) << 2); // bn limbs
  shlInto(b, bn, s, vn, false);
  shlInto(a, an, s, un, true);
  let vTop = <u64>load<u32>(vn + ((bn - 1) << 2));
  let vNext = <u64>load<u32>(vn + ((bn - 2) << 2));
  for (let j = <isize>(an - bn); j >= 0; j--) {
    let uj = un + (<usize>j << 2);
    let num = (<u64>load<u32>(uj + (bn << 2)) << 32) | <u64>load<u32>(uj + ((bn - 1) << 2));
    let qhat = num / vTop;
    let rhat = num % vTop;
    while (qhat > 0xFFFFFFFF || qhat * vNext > ((rhat << 32) | <u64>load<u32>(uj + ((bn - 2) << 2)))) {
      qhat--;
      rhat += vTop;
      if (rhat > 0xFFFFFFFF) break;
    }
    let k: i64 = 0;
    for (let i: usize = 0; i < bn; i++) {
      let p = qhat * <u64>load<u32>(vn + (i << 2));
      let t = <i64>load<u32>(uj + (i << 2)) - k - <i64>(p & 0xFFFFFFFF);
      store<u32>(uj + (i << 2), <u32>t);
      k = <i64>(p >> 32) - (t >> 32);
    }
    let t = <i64>load<u32>(uj + (bn << 2)) - k;
    store<u32>(uj + (bn << 2), <u32>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      for (let i: usize = 0; i < bn; i++) {
        let s2 = <u64>load<u32>(uj + (i << 2)) + <u64>load<u32>(vn + (i << 2)) + c;
        store<u32>(uj + (i << 2), <u32>s2);
        c = s2 >> 32;
      }
      store<u32>(uj + (bn << 2), load<u32>(uj + (bn << 2)) + <u32>c);
    }
    if (q != 0) store<u32>(q + (<usize>j << 2), <u32>qhat);
  }
  // remainder = un >> s
  for (let i: usize = 0; i < bn; i++) {
    let lo = load<u32>(un + (i << 2));
    let hi = load<u32>(un + ((i + 1) << 2));
    store<u32>(r + (i << 2), s == 0 ? lo : (lo >> s) | (hi << (32 - s)));
  }
}

/** out = p << s for s < 32; with `extra` one more limb holds the bits shifted out. */
function shlInto(p: usize, n: usize, s: u32, out: usize, extra: bool): void {
  let carry: u32 = 0;
  for (let i: usize = 0; i < n; i++) {
    let x = load<u32>(p + (i << 2));
    store<u32>(out + (i << 2), s == 0 ? x : (x << s) | carry);
    carry = s == 0 ? 0 : x >> (32 - s);
  }
  if (extra) store<u32>(out + (n << 2), carry);
}
