// UTF-8 rune counting with Go's rules (utf8.RuneCount): each invalid or truncated byte counts as
// one rune (U+FFFD of width 1). Strings parsed from JSON are valid UTF-8, but builtins such as
// base64.decode and hex.decode can produce arbitrary bytes, and `count` must agree with OPA then.

/** Width of a valid UTF-8 sequence starting at p (p < end), or 1 when it is invalid or truncated. */
function seqWidth(p: usize, end: usize): usize {
  let b0 = <u32>load<u8>(p);
  let n: usize;
  let lo: u32 = 0x80;
  let hi: u32 = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0; // no overlong forms
    else if (b0 == 0xED) hi = 0x9F; // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    else if (b0 == 0xF4) hi = 0x8F; // nothing above U+10FFFF
  } else return 1;
  if (p + n > end) return 1;
  let b1 = <u32>load<u8>(p + 1);
  if (b1 < lo || b1 > hi) return 1;
  for (let i: usize = 2; i < n; i++) {
    if ((<u32>load<u8>(p + i) & 0xC0) != 0x80) return 1;
  }
  return n;
}

/** Number of runes in [p, p+n), counting as Go does. */
export function runeCount(p: usize, n: usize): i32 {
  let end = p + n;
  let count: i32 = 0;
  let q = p;
  while (q < end) {
    if (load<u8>(q) < 0x80) q++;
    else q += seqWidth(q, end);
    count++;
  }
  return count;
}
