// String builtins that rewrite: lower, upper, trim, trim_left, trim_right, trim_prefix,
// trim_suffix, trim_space, replace, strings.replace_n. An unchanged string is returned as it is
// (as OPA does), trims share the operand's bytes.
//
// lower/upper use Unicode's simple case mappings (UnicodeData.txt, as Go's unicode.ToLower/ToUpper
// and so OPA): one code point to one code point, every script, no special casing ("ß" stays "ß",
// "İ" lowers to "i"). JS's toLowerCase/toUpperCase use the full mappings, which the host did.
import { T_OBJECT, T_STRING, tagOf, strLen, strData } from "../values/layout";
import { collCount, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { alloc } from "../rt/heap";
import { operandError } from "./errors";
import { operandFail } from "./fail";
import { UPPER_RUNS, UPPER_RUNS_RUNS, LOWER_RUNS, LOWER_RUNS_RUNS } from "./case-tables";
import {
  strOk, decodeAt, cpWidth, prevStart, sliceOf, outBegin, outBytes, outByte, outCodePoint, outString,
} from "./text";

// --- lower, upper -----------------------------------------------------------------------------------------

/** cp mapped through a run table ([first, last | stride << 24, delta] triples), or cp. */
function mapCase(cp: u32, table: usize, runs: usize): u32 {
  let lo: usize = 0;
  let hi = runs;
  while (lo < hi) {
    let mid = (lo + hi) >> 1;
    if (load<u32>(table + mid * 12) <= cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return cp;
  let run = table + (lo - 1) * 12;
  let first = load<u32>(run);
  let w = load<u32>(run, 4);
  if (cp > (w & 0xFFFFFF) || (cp - first) % (w >> 24) != 0) return cp;
  return cp + load<u32>(run, 8);
}

function changeCase(name: string, s: usize, upper: bool): usize {
  if (s == 0) return 0;
  if (!strOk(name, s, 1)) return 0;
  let p = strData(s);
  let n = strLen(s);
  // ASCII letters only change within ASCII; find the first byte that may change.
  let lo: u32 = upper ? 0x61 : 0x41;
  let i: usize = 0;
  while (i < n) {
    let b = <u32>load<u8>(p + i);
    if (b >= 0x80 || b - lo < 26) break;
    i++;
  }
  if (i == n) return s;
  outBegin(n + 8);
  outBytes(p, i);
  let changed = false;
  while (i < n) {
    let b = <u32>load<u8>(p + i);
    if (b < 0x80) {
      let c = b - lo < 26 ? b ^ 0x20 : b;
      changed = changed || c != b;
      outByte(c);
      i++;
      continue;
    }
    let cp = decodeAt(p + i, p + n);
    let w = cpWidth;
    let m = upper ? mapCase(cp, UPPER_RUNS, UPPER_RUNS_RUNS) : mapCase(cp, LOWER_RUNS, LOWER_RUNS_RUNS);
    if (m == cp) outBytes(p + i, w);
    else {
      outCodePoint(m);
      changed = true;
    }
    i += w;
  }
  return changed ? outString() : s;
}

export function vg_builtin_lower(s: usize): usize { return changeCase("lower", s, false); }
export function vg_builtin_upper(s: usize): usize { return changeCase("upper", s, true); }

// --- trim family ----------------------------------------------------------------------------------------------

// The cutset of the running trim: ASCII code points as a 128-bit map, others decoded into a list.
const asciiSet: usize = memory.data(16);
let wideSet: usize = 0;
let wideCount: usize = 0;

function loadCutset(c: usize): void {
  memory.fill(asciiSet, 0, 16);
  let p = strData(c);
  let n = strLen(c);
  wideSet = alloc(n << 2);
  wideCount = 0;
  let i: usize = 0;
  while (i < n) {
    let cp = decodeAt(p + i, p + n);
    if (cp < 0x80) store<u8>(asciiSet + (cp >> 3), load<u8>(asciiSet + (cp >> 3)) | (<u8>1 << <u8>(cp & 7)));
    else store<u32>(wideSet + (wideCount++ << 2), cp);
    i += cpWidth;
  }
}

function inCutset(cp: u32): bool {
  if (cp < 0x80) return (load<u8>(asciiSet + (cp >> 3)) & (1 << (cp & 7))) != 0;
  for (let i: usize = 0; i < wideCount; i++) if (load<u32>(wideSet + (i << 2)) == cp) return true;
  return false;
}

/** Go's unicode.IsSpace (what strings.TrimSpace trims). */
function isSpace(cp: u32): bool {
  if (cp <= 0xFF) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0;
  return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/** Trims code points matching the cutset (space = false) or white space (space = true). */
function trimBy(s: usize, left: bool, right: bool, space: bool): usize {
  let p = strData(s);
  let a: usize = 0;
  let b = strLen(s);
  if (left) {
    while (a < b) {
      let cp = decodeAt(p + a, p + b);
      if (!(space ? isSpace(cp) : inCutset(cp))) break;
      a += cpWidth;
    }
  }
  if (right) {
    while (b > a) {
      let q = prevStart(p + a, p + b);
      let cp = decodeAt(q, p + b);
      if (!(space ? isSpace(cp) : inCutset(cp))) break;
      b = q - p;
    }
  }
  return a == 0 && b == strLen(s) ? s : sliceOf(p + a, b - a);
}

function trimCutset(name: string, s: usize, c: usize, left: bool, right: bool): usize {
  if (s == 0 || c == 0) return 0;
  if (!strOk(name, s, 1) || !strOk(name, c, 2)) return 0;
  if (strLen(s) == 0 || strLen(c) == 0) return s;
  loadCutset(c);
  return trimBy(s, left, right, false);
}

export function vg_builtin_trim(s: usize, c: usize): usize { return trimCutset("trim", s, c, true, true); }
export function vg_builtin_trim_left(s: usize, c: usize): usize { return trimCutset("trim_left", s, c, true, false); }
export function vg_builtin_trim_right(s: usize, c: usize): usize { return trimCutset("trim_right", s, c, false, true); }

export function vg_builtin_trim_space(s: usize): usize {
  if (s == 0) return 0;
  if (!strOk("trim_space", s, 1)) return 0;
  return trimBy(s, true, true, true);
}

export function vg_builtin_trim_prefix(s: usize, pre: usize): usize {
  if (s == 0 || pre == 0) return 0;
  if (!strOk("trim_prefix", s, 1) || !strOk("trim_prefix", pre, 2)) return 0;
  let k = strLen(pre);
  if (k == 0 || k > strLen(s) || memory.compare(strData(s), strData(pre), k) != 0) return s;
  return sliceOf(strData(s) + k, strLen(s) - k);
}

export function vg_builtin_trim_suffix(s: usize, suf: usize): usize {
  if (s == 0 || suf == 0) return 0;
  if (!strOk("trim_suffix", s, 1) || !strOk("trim_suffix", suf, 2)) return 0;
  let k = strLen(suf);
  let n = strLen(s);
  if (k == 0 || k > n || memory.compare(strData(s) + n - k, strData(suf), k) != 0) return s;
  return sliceOf(strData(s), n - k);
}

// --- replace, strings.replace_n -------------------------------------------------------------------------------

/**
 * Go's strings.Replacer over (old, new) pairs given as two u32 vectors of string values, in
 * priority order: scanning left to right, at each position the first pair whose old matches is
 * applied and the scan continues after it; an empty old matches everywhere (inserting new), but
 * not twice in a row at one position. Go steps over unmatched input byte by byte; this steps by
 * code point, which is the same for every non-empty pattern and keeps the result valid UTF-8.
 * Returns s itself when nothing changed.
 */
function replacePairs(s: usize, olds: usize, news: usize, k: usize): usize {
  let p = strData(s);
  let n = strLen(s);
  // First bytes of the non-empty patterns, to skip positions quickly.
  let firsts = alloc(32);
  memory.fill(firsts, 0, 32);
  let anyEmpty = false;
  for (let j: usize = 0; j < k; j++) {
    let o = <usize>load<u32>(olds + (j << 2));
    if (strLen(o) == 0) anyEmpty = true;
    else {
      let b = <usize>load<u8>(strData(o));
      store<u8>(firsts + (b >> 3), load<u8>(firsts + (b >> 3)) | (<u8>1 << <u8>(b & 7)));
    }
  }
  let started = false;
  let last: usize = 0;
  let i: usize = 0;
  let prevEmpty = false;
  while (i <= n) {
    let hit: isize = -1;
    let candidate = anyEmpty || (i < n && (load<u8>(firsts + (<usize>load<u8>(p + i) >> 3)) & (1 << (load<u8>(p + i) & 7))) != 0);
    if (candidate) {
      for (let j: usize = 0; j < k; j++) {
        let o = <usize>load<u32>(olds + (j << 2));
        let m = strLen(o);
        if (m == 0) {
          if (!prevEmpty) { hit = <isize>j; break; }
        } else if (m <= n - i && memory.compare(p + i, strData(o), m) == 0) {
          hit = <isize>j;
          break;
        }
      }
    }
    if (hit >= 0) {
      if (!started) {
        outBegin(n + 16);
        started = true;
      }
      let o = <usize>load<u32>(olds + (<usize>hit << 2));
      let r = <usize>load<u32>(news + (<usize>hit << 2));
      outBytes(p + last, i - last);
      outBytes(strData(r), strLen(r));
      i += strLen(o);
      last = i;
      prevEmpty = strLen(o) == 0;
      continue;
    }
    prevEmpty = false;
    if (i == n) break;
    decodeAt(p + i, p + n);
    i += cpWidth;
  }
  if (!started) return s;
  outBytes(p + last, n - last);
  return outString();
}

export function vg_builtin_replace(s: usize, old: usize, nw: usize): usize {
  if (s == 0 || old == 0 || nw == 0) return 0;
  if (!strOk("replace", s, 1) || !strOk("replace", old, 2) || !strOk("replace", nw, 3)) return 0;
  let pair = alloc(8);
  store<u32>(pair, <u32>old);
  store<u32>(pair, <u32>nw, 4);
  let r = replacePairs(s, pair, pair + 4, 1);
  // An identical result is the operand itself (OPA returns the operand then).
  return r;
}

export function vg_builtin_strings_replace_n(patterns: usize, s: usize): usize {
  if (patterns == 0 || s == 0) return 0;
  let name = "strings.replace_n";
  if (tagOf(patterns) != T_OBJECT) return operandError(name, 1, "object", patterns);
  if (!strOk(name, s, 2)) return 0;
  let k = collCount(patterns);
  collPrepareOrder(patterns); // pairs apply in key order
  let olds = alloc(k << 2);
  let news = alloc(k << 2);
  for (let i: usize = 0; i < k; i++) {
    let e = orderedEntry(patterns, i);
    let key = entryKey(patterns, e);
    let val = entryValue(patterns, e);
    if (tagOf(key) != T_STRING) return operandFail(name, 1, "non-string key found in pattern object");
    if (tagOf(val) != T_STRING) return operandFail(name, 1, "non-string value found in pattern object");
    store<u32>(olds + (i << 2), <u32>key);
    store<u32>(news + (i << 2), <u32>val);
  }
  return replacePairs(s, olds, news, k);
}
