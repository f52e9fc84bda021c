// UTF-8 validation and encoding (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).

/** Length of the valid UTF-8 sequence starting with lead byte b0 at p (< end), or 0 if invalid. */
export function utf8SeqLen(p: usize, end: usize): usize {
  let b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return 1;
  let n: usize;
  let lo: u32 = 0x80;
  let hi: u32 = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    else if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    else if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (p + n > end) return 0;
  let b1 = <u32>load<u8>(p + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (let i: usize = 2; i < n; i++) {
    if ((load<u8>(p + i) & 0xC0) != 0x80) return 0;
  }
  return n;
}

/** Writes code point c as UTF-8 at q; returns the byte count. */
export function utf8Encode(q: usize, c: u32): usize {
  if (c < 0x80) {
    store<u8>(q, <u8>c);
    return 1;
  }
  if (c < 0x800) {
    store<u8>(q, <u8>(0xC0 | (c >> 6)));
    store<u8>(q + 1, <u8>(0x80 | (c & 0x3F)));
    return 2;
  }
  if (c < 0x10000) {
    store<u8>(q, <u8>(0xE0 | (c >> 12)));
    store<u8>(q + 1, <u8>(0x80 | ((c >> 6) & 0x3F)));
    store<u8>(q + 2, <u8>(0x80 | (c & 0x3F)));
    return 3;
  }
  store<u8>(q, <u8>(0xF0 | (c >> 18)));
  store<u8>(q + 1, <u8>(0x80 | ((c >> 12) & 0x3F)));
  store<u8>(q + 2, <u8>(0x80 | ((c >> 6) & 0x3F)));
  store<u8>(q + 3, <u8>(0x80 | (c & 0x3F)));
  return 4;
}
