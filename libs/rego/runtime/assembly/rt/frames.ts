// Explicit stacks for walking values nested deeper than the wasm stack allows. Input and data may
// nest 10,000 levels (Go's JSON decoder limit, which OPA inherits); V8 runs out of stack for
// recursive walks a few thousand levels down, so dump, compare, equality, hash and walk keep their
// pending work here instead: frames of four u32 words, in a static region until it fills, then in
// a heap block twice the size (copied). Traversals nest (a set's elements are compared while its
// sorted index is built during a compare): each one remembers the top it started at and pops back
// to it, and reads frames by index, since a nested traversal may move the region.
//
// The builtins that walk operands level by level (object.union, object.subset, json.filter/remove,
// graph.reachable_paths, base/virtual document merge, freeze) use these frames too. Native recursion
// remains only where a traversal starts another for a composite set element or object key: those
// count their depth here (`deepEnter`) and abort with a typed error beyond NATIVE_DEPTH_LIMIT
// instead of overflowing the stack.
import { alloc } from "./heap";
import { msgBegin, msgStr, msgU32, abortMsg, CODE_BUILTIN } from "../abort";

// @ts-ignore: decorator
@inline export const FRAME: usize = 16;
// @ts-ignore: decorator
@inline const STATIC_FRAMES: usize = 128;
const staticRegion: usize = memory.data(<i32>(STATIC_FRAMES * FRAME), 8);

/** Nesting of native recursion allowed (each level a few wasm frames; V8's stack holds ~10,000). */
// @ts-ignore: decorator
@inline export const NATIVE_DEPTH_LIMIT: u32 = 1000;

let region: usize = 0; // 0: the static region
let cap: usize = STATIC_FRAMES;
let top: usize = 0;
let depth: u32 = 0;

/** Forgets every frame (the host reset the heap: a frame region there is gone, an aborted walk left its frames). */
export function framesReset(): void {
  region = 0;
  cap = STATIC_FRAMES;
  top = 0;
  depth = 0;
}

/** Number of frames in use: a traversal starts here and pops back to it. */
// @ts-ignore: decorator
@inline export function framesTop(): usize {
  return top;
}

/** Address of frame i (valid until the next framePush, which may move the region). */
// @ts-ignore: decorator
@inline export function frameAt(i: usize): usize {
  return (region == 0 ? staticRegion : region) + i * FRAME;
}

/** Pushes a frame of four words; returns its address. */
// @ts-ignore: decorator
@inline export function framePush(a: u32, b: u32, c: u32, d: u32): usize {
  if (top == cap) grow();
  let f = frameAt(top++);
  store<u32>(f, a);
  store<u32>(f, b, 4);
  store<u32>(f, c, 8);
  store<u32>(f, d, 12);
  return f;
}

/** Removes the top frame and returns its address (valid until the next push). */
// @ts-ignore: decorator
@inline export function framePop(): usize {
  return frameAt(--top);
}

/** Drops the frames above `mark`; back at 0 the static region serves again. */
export function framesPop(mark: usize): void {
  top = mark;
  if (mark == 0) {
    region = 0;
    cap = STATIC_FRAMES;
  }
}

function grow(): void {
  let ncap = cap << 1;
  let next = alloc(ncap * FRAME);
  memory.copy(next, frameAt(0), top * FRAME);
  region = next;
  cap = ncap;
}

/** Entering one level of native recursion; aborts (typed) beyond NATIVE_DEPTH_LIMIT. */
export function deepEnter(): void {
  if (++depth > NATIVE_DEPTH_LIMIT) tooDeep();
}

// @ts-ignore: decorator
@inline export function deepLeave(): void {
  depth--;
}

function tooDeep(): void {
  depth = 0;
  msgBegin(CODE_BUILTIN);
  msgStr("value nested too deep: more than ");
  msgU32(NATIVE_DEPTH_LIMIT);
  msgStr(" levels of sets or non-string object keys nested in each other");
  abortMsg();
}
