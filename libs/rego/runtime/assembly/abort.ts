// Errors. The runtime reports through the SDK's `opa_abort` import, which throws the
// NUL-terminated text as a JS string. Text is `<code>: <message>`; codes are OPA's error codes.
// Messages are assembled in a static scratch buffer so that aborting never needs the heap
// (one of the aborts is "opa_malloc: failed").
import { alloc } from "./rt/heap";

// @ts-ignore: decorator
@external("env", "opa_abort")
declare function opa_abort(addr: usize): void;

// @ts-ignore: decorator
@inline export const CODE_CONFLICT: i32 = 1;
// @ts-ignore: decorator
@inline export const CODE_BUILTIN: i32 = 2;
// @ts-ignore: decorator
@inline export const CODE_TYPE: i32 = 3;
// @ts-ignore: decorator
@inline export const CODE_INTERNAL: i32 = 4;

// @ts-ignore: decorator
@inline const SCRATCH_SIZE: usize = 4096;
const scratch: usize = memory.data(<i32>SCRATCH_SIZE);
let mpos: usize = 0;

export function codeName(code: i32): string {
  if (code == CODE_CONFLICT) return "eval_conflict_error";
  if (code == CODE_BUILTIN) return "eval_builtin_error";
  if (code == CODE_TYPE) return "eval_type_error";
  return "internal_error";
}

/** Starts a message `<code name>: `. */
export function msgBegin(code: i32): void {
  mpos = 0;
  msgStr(codeName(code));
  msgStr(": ");
}

export function msgByte(b: u32): void {
  if (mpos < SCRATCH_SIZE - 1) store<u8>(scratch + mpos++, <u8>b);
}

/** Appends an AS string (UTF-16) as UTF-8. */
export function msgStr(s: string): void {
  let p = changetype<usize>(s);
  let n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u16>(p + (i << 1));
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) {
      let d = <u32>load<u16>(p + ((i + 1) << 1));
      if (d >= 0xDC00 && d < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
        i++;
      }
    }
    msgCodePoint(c);
  }
}

export function msgCodePoint(c: u32): void {
  if (c < 0x80) {
    msgByte(c);
  } else if (c < 0x800) {
    msgByte(0xC0 | (c >> 6));
    msgByte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    msgByte(0xE0 | (c >> 12));
    msgByte(0x80 | ((c >> 6) & 0x3F));
    msgByte(0x80 | (c & 0x3F));
  } else {
    msgByte(0xF0 | (c >> 18));
    msgByte(0x80 | ((c >> 12) & 0x3F));
    msgByte(0x80 | ((c >> 6) & 0x3F));
    msgByte(0x80 | (c & 0x3F));
  }
}

/** Appends raw bytes; NUL bytes become spaces (the SDK's reader stops at NUL). */
export function msgBytes(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let b = <u32>load<u8>(p + i);
    msgByte(b == 0 ? 0x20 : b);
  }
}

/** Appends a NUL-terminated string. */
export function msgCStr(p: usize): void {
  if (p == 0) return;
  while (load<u8>(p) != 0) msgByte(<u32>load<u8>(p++));
}

export function msgU32(v: u32): void {
  if (v >= 10) msgU32(v / 10);
  msgByte(0x30 + v % 10);
}

export function msgI32(v: i32): void {
  if (v < 0) {
    msgByte(0x2D);
    msgU32(<u32>(-v));
  } else {
    msgU32(<u32>v);
  }
}

/** Appends ` (file:row:col)` when a location is known. */
export function msgLocation(filePtr: usize, fileLen: usize, row: i32, col: i32): void {
  if (fileLen == 0 && row == 0) return;
  msgStr(" (");
  msgBytes(filePtr, fileLen);
  msgByte(0x3A);
  msgI32(row);
  msgByte(0x3A);
  msgI32(col);
  msgByte(0x29);
}

/** NUL-terminates the scratch message and returns its address (valid until the next message). */
export function msgFinish(): usize {
  store<u8>(scratch + mpos, 0);
  return scratch;
}

/** Aborts with the message in the scratch buffer. Never returns. */
export function abortMsg(): void {
  opa_abort(msgFinish());
  unreachable();
}

/** Aborts with a fixed text (no code prefix added). Never returns. */
export function abortStatic(s: string): void {
  mpos = 0;
  msgStr(s);
  abortMsg();
}

/** Aborts with `internal_error: <s>`: a bug in the runtime or codegen. */
export function internalError(s: string): void {
  msgBegin(CODE_INTERNAL);
  msgStr(s);
  abortMsg();
}

// --- builtin errors: strict aborts, non-strict records and yields undefined ---------------------

let strict: bool = false;
let lastError: usize = 0;

export function setStrict(on: bool): void {
  strict = on;
}

export function lastErrorPtr(): usize {
  return lastError;
}

export function clearLastError(): void {
  lastError = 0;
  locFile = 0;
  locFileLen = 0;
  locRow = 0;
  locCol = 0;
}

// --- the Rego location of the builtin call in progress (strict builds only) ---------------------
// Strict modules call vg_set_location(file, row, col) before every builtin call, so a strict abort
// can start with OPA's "<file>:<row>: " and our host wrapper can ask where a host builtin failed
// (vigil_error_location). Non-strict modules never set it: no cost where errors are not reported.
let locFile: usize = 0;
let locFileLen: usize = 0;
let locRow: i32 = 0;
let locCol: i32 = 0;

export function setLocation(filePtr: usize, fileLen: usize, row: i32, col: i32): void {
  locFile = filePtr;
  locFileLen = fileLen;
  locRow = row;
  locCol = col;
}

// @ts-ignore: decorator
@inline const LOC_SIZE: usize = 512;
const locText: usize = memory.data(<i32>LOC_SIZE);

/** Writes "<file>:<row>" into locText; returns its length. */
function writeFileRow(): usize {
  let n = locFileLen < LOC_SIZE - 32 ? locFileLen : LOC_SIZE - 32;
  for (let i: usize = 0; i < n; i++) {
    let b = load<u8>(locFile + i);
    store<u8>(locText + i, b == 0 ? 0x20 : b); // a NUL would end the text early
  }
  store<u8>(locText + n++, 0x3A);
  return writeDecimal(locText + n, locRow) - locText;
}

/**
 * "<file>:<row>:<col>" of the last builtin call as NUL-terminated text, or 0 when none was
 * recorded in this evaluation. Its own buffer: reading it never disturbs a pending message.
 */
export function locationText(): usize {
  if (locRow == 0) return 0;
  let n = writeFileRow();
  store<u8>(locText + n++, 0x3A);
  n = writeDecimal(locText + n, locCol) - locText;
  store<u8>(locText + n, 0);
  return locText;
}

/** Writes a non-negative decimal at p; returns the end. */
function writeDecimal(p: usize, v: i32): usize {
  let u = <u32>(v < 0 ? 0 : v);
  let digits: usize = 1;
  for (let t = u; t >= 10; t /= 10) digits++;
  for (let i = digits; i > 0; i--) {
    store<u8>(p + i - 1, <u8>(0x30 + u % 10));
    u /= 10;
  }
  return p + digits;
}

/** Puts OPA's "<file>:<row>: " (no column) in front of the message in the scratch buffer. */
function prefixLocation(): void {
  if (locRow == 0) return;
  let n = writeFileRow();
  store<u8>(locText + n++, 0x3A);
  store<u8>(locText + n++, 0x20);
  if (mpos + n >= SCRATCH_SIZE) return;
  memory.copy(scratch + n, scratch, mpos);
  memory.copy(scratch, locText, n);
  mpos += n;
}

/**
 * Ends a builtin error whose text (started with msgBegin) is in the scratch buffer: strict mode
 * aborts; otherwise the text is copied to the heap as the evaluation's last error. Returns 0 so a
 * builtin can `return failBuiltin()` to be undefined.
 */
export function failBuiltin(): usize {
  if (strict) {
    prefixLocation();
    abortMsg();
  }
  let p = msgFinish();
  let n = mpos + 1;
  let q = alloc(n);
  memory.copy(q, p, n);
  lastError = q;
  return 0;
}

/** `eval_builtin_error: <name>: <msg>`; returns 0 unless strict. */
export function builtinError(name: string, msg: string): usize {
  msgBegin(CODE_BUILTIN);
  msgStr(name);
  msgStr(": ");
  msgStr(msg);
  return failBuiltin();
}
