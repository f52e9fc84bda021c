// Per-evaluation state: memo of 0-arity rules (with frames for `with`), the result set, the last
// recorded builtin error. Resetting is O(1): memo entries carry the generation they were written
// in, and a new evaluation or frame just takes a new generation number.
import { alloc, allocZeroed } from "./rt/heap";
import { clearLastError } from "./abort";
import { setNew } from "./values/collection";

let memoTable: usize = 0; // per function index: [u32 generation][u32 value + 1]
let memoCount: usize = 0;
let generation: u32 = 0; // the most recently issued generation
let current: u32 = 0; // generation of the active frame
let frames: usize = 0; // stack of saved generations (per evaluation, on the heap)
let frameDepth: usize = 0;
let frameCap: usize = 0;
let resultSet: usize = 0;

export function memoInit(count: usize): void {
  memoTable = allocZeroed(count << 3);
  memoCount = count;
}

function nextGeneration(): u32 {
  if (generation == 0xFFFFFFFF) {
    // Wrapped after 4 billion evaluations/frames: forget everything once.
    if (memoTable != 0) memory.fill(memoTable, 0, memoCount << 3);
    generation = 0;
  }
  return ++generation;
}

export function beginEvaluation(): void {
  current = nextGeneration();
  frames = 0;
  frameDepth = 0;
  frameCap = 0;
  resultSet = 0;
  clearLastError();
}

/** 0: miss; 1: memoised undefined; else the value. */
export function memoGet(index: usize): usize {
  if (index >= memoCount || current == 0) return 0; // current 0: no evaluation begun
  let e = memoTable + (index << 3);
  if (load<u32>(e) != current) return 0;
  let v = <usize>load<u32>(e, 4);
  return v == 0 ? 1 : v;
}

export function memoSet(index: usize, value: usize): void {
  if (index >= memoCount || current == 0) return;
  let e = memoTable + (index << 3);
  store<u32>(e, current);
  store<u32>(e, <u32>value, 4);
}

export function memoPush(): void {
  if (frameDepth == frameCap) {
    let ncap: usize = frameCap < 8 ? 8 : frameCap << 1;
    let nf = alloc(ncap << 2);
    if (frameDepth > 0) memory.copy(nf, frames, frameDepth << 2);
    frames = nf;
    frameCap = ncap;
  }
  store<u32>(frames + (frameDepth++ << 2), current);
  current = nextGeneration();
}

export function memoPop(): void {
  if (frameDepth == 0) return;
  current = load<u32>(frames + (--frameDepth << 2));
}

export function evalResultSet(): usize {
  if (resultSet == 0) resultSet = setNew();
  return resultSet;
}
