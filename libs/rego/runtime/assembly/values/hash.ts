// Hashing primitives (murmur3-style mixing). Value hashing lives in compare.ts next to equality,
// because the two must agree: equal values hash the same.

// @ts-ignore: decorator
@inline export function fmix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85EBCA6B;
  h ^= h >> 13;
  h *= 0xC2B2AE35;
  h ^= h >> 16;
  return h;
}

// @ts-ignore: decorator
@inline export function mix64(x: u64): u32 {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCD;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53;
  x ^= x >> 33;
  return <u32>x;
}

// @ts-ignore: decorator
@inline export function combine(h: u32, k: u32): u32 {
  k *= 0xCC9E2D51;
  k = rotl<u32>(k, 15);
  k *= 0x1B873593;
  h ^= k;
  h = rotl<u32>(h, 13);
  return h * 5 + 0xE6546B64;
}

export function hashBytes(p: usize, n: usize, seed: u32): u32 {
  let h = seed;
  let i: usize = 0;
  while (i + 4 <= n) {
    h = combine(h, load<u32>(p + i));
    i += 4;
  }
  let k: u32 = 0;
  let shift: u32 = 0;
  while (i < n) {
    k |= (<u32>load<u8>(p + i)) << shift;
    shift += 8;
    i++;
  }
  if (shift != 0) h = combine(h, k);
  return fmix32(h ^ <u32>n);
}
