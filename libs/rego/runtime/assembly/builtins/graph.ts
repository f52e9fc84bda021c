// walk, graph.reachable, graph.reachable_paths.
//
// walk is a relation (the registry marks it so): the planner scans what the call returns and
// unifies each element with the output, so the native function returns an array of [path, value]
// pairs, in the evaluator's order (pre-order, object keys and set elements sorted).
import { T_ARRAY, T_OBJECT, T_SET, tagOf, arrLen, arrAt, arrElems } from "../values/layout";
import { numInt } from "../number/number";
import { arrayNew, arrayAppend } from "../values/array";
import { collNew, collCount, collFind, collGet, collAppend, collPrepareOrder, orderedEntry, entryKey, entryValue } from "../values/collection";
import { operandError } from "./errors";
import { arrayOfLen } from "./common";
import { framePush, framePop, framesTop } from "../rt/frames";

// --- walk --------------------------------------------------------------------------------------------

let walkOut: usize = 0;
let walkPath: usize = 0; // the current path, as an array used as a stack

function emit(v: usize): void {
  let n = arrLen(walkPath);
  let p = arrayOfLen(n);
  memory.copy(arrElems(p), arrElems(walkPath), n << 2);
  let pair = arrayOfLen(2);
  store<u32>(arrElems(pair), <u32>p);
  store<u32>(arrElems(pair), <u32>v, 4);
  arrayAppend(walkOut, pair);
}

// @ts-ignore: decorator
@inline function isCollection(t: u8): bool {
  return t == T_ARRAY || t == T_OBJECT || t == T_SET;
}

/**
 * Pre-order walk; the collection being walked is in locals (v, next child i), a collection child
 * suspends it on the frame stack ([v][i][-][-]). The path is walkPath.
 */
function walkFrom(root: usize): void {
  let mark = framesTop();
  emit(root);
  let t = tagOf(root);
  if (!isCollection(t)) return;
  let v = root;
  let i: usize = 0;
  if (t != T_ARRAY) collPrepareOrder(v);
  let n = t == T_ARRAY ? arrLen(v) : collCount(v);
  while (true) {
    if (i < n) {
      let key: usize;
      let child: usize;
      if (t == T_ARRAY) {
        key = numInt(<i64>i);
        child = arrAt(v, i);
      } else {
        let e = orderedEntry(v, i);
        key = entryKey(v, e);
        child = entryValue(v, e);
      }
      i++;
      arrayAppend(walkPath, key);
      emit(child);
      let tc = tagOf(child);
      if (!isCollection(tc)) {
        popPath();
        continue;
      }
      framePush(<u32>v, <u32>i, 0, 0);
      v = child;
      t = tc;
      i = 0;
      if (t != T_ARRAY) collPrepareOrder(v);
      n = t == T_ARRAY ? arrLen(v) : collCount(v);
      continue;
    }
    if (framesTop() == mark) break;
    popPath();
    let f = framePop();
    v = <usize>load<u32>(f);
    i = <usize>load<u32>(f, 4);
    t = load<u8>(v);
    n = t == T_ARRAY ? arrLen(v) : collCount(v);
  }
}

// @ts-ignore: decorator
@inline function popPath(): void {
  store<u32>(walkPath, <u32>(arrLen(walkPath) - 1), 4);
}

export function vg_builtin_walk(x: usize): usize {
  if (x == 0) return 0;
  let savedOut = walkOut;
  let savedPath = walkPath;
  walkOut = arrayNew(16);
  walkPath = arrayNew(8);
  walkFrom(x);
  let r = walkOut;
  walkOut = savedOut;
  walkPath = savedPath;
  return r;
}

// --- graph.reachable ------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function isColl(v: usize): bool {
  let t = tagOf(v);
  return t == T_ARRAY || t == T_SET;
}

// @ts-ignore: decorator
@inline function count(c: usize): usize {
  return tagOf(c) == T_ARRAY ? arrLen(c) : collCount(c);
}

// @ts-ignore: decorator
@inline function at(c: usize, i: usize): usize {
  return tagOf(c) == T_ARRAY ? arrAt(c, i) : entryKey(c, i);
}

/** Operand checks shared by both graph builtins; false after reporting. */
function graphArgsOk(name: string, graph: usize, initial: usize): bool {
  if (tagOf(graph) != T_OBJECT) {
    operandError(name, 1, "object", graph);
    return false;
  }
  if (!isColl(initial)) {
    operandError(name, 2, "{array, set}", initial);
    return false;
  }
  return true;
}

/**
 * Breadth-first from the initial vertices. A vertex is reached when it is a key of the graph;
 * neighbours are the elements of its edges value when that is an array or a set.
 */
export function vg_builtin_graph_reachable(graph: usize, initial: usize): usize {
  if (graph == 0 || initial == 0) return 0;
  if (!graphArgsOk("graph.reachable", graph, initial)) return 0;
  let reached = collNew(T_SET, 8);
  let queued = collNew(T_SET, 8); // each vertex enters the queue once
  let queue = arrayNew(16);
  let n = count(initial);
  for (let i: usize = 0; i < n; i++) enqueue(queue, queued, at(initial, i));
  for (let q: usize = 0; q < arrLen(queue); q++) {
    let node = arrAt(queue, q);
    let edges = collGet(graph, node);
    if (edges == 0) continue;
    collAppend(reached, node, node);
    if (!isColl(edges)) continue;
    let m = count(edges);
    for (let j: usize = 0; j < m; j++) enqueue(queue, queued, at(edges, j));
  }
  return reached;
}

function enqueue(queue: usize, queued: usize, v: usize): void {
  if (collFind(queued, v) >= 0) return;
  collAppend(queued, v, v);
  arrayAppend(queue, v);
}

// --- graph.reachable_paths ---------------------------------------------------------------------------------

let pathsOut: usize = 0;
let pathsGraph: usize = 0;

function addPath(path: usize): void {
  let n = arrLen(path);
  let p = arrayOfLen(n);
  memory.copy(arrElems(p), arrElems(path), n << 2);
  if (collFind(pathsOut, p) < 0) collAppend(pathsOut, p, p);
}

/**
 * Depth-first from root with `path` leading to it. `seen` is shared by the whole walk from one
 * start edge (the conformance cases pin this: a vertex reached on one branch ends a later branch
 * that meets it, as a cycle would). A path is recorded where it ends: at a vertex that is not in
 * the graph (without it), at a vertex without edges, or where the next vertex was seen already.
 * Iterative: the vertex being expanded is in locals (root, its edges, next edge j; root is the last
 * element of path), a vertex to expand suspends it on the frame stack ([root][edges][j][-]), so
 * paths of any length run in constant wasm stack.
 */
function buildPaths(start: usize, path: usize, seen: usize): void {
  let edges = collGet(pathsGraph, start);
  if (edges == 0) {
    addPath(path);
    return;
  }
  arrayAppend(path, start);
  let m = isColl(edges) ? count(edges) : 0;
  if (m == 0) {
    addPath(path);
    popVertex(path);
    return;
  }
  let mark = framesTop();
  let root = start;
  let j: usize = 0;
  while (true) {
    if (j < m) {
      let next = at(edges, j++);
      if (collFind(seen, next) >= 0) {
        addPath(path);
        continue;
      }
      if (collFind(seen, root) < 0) collAppend(seen, root, root);
      let ne = collGet(pathsGraph, next);
      if (ne == 0) {
        addPath(path);
        continue;
      }
      arrayAppend(path, next);
      let nm = isColl(ne) ? count(ne) : 0;
      if (nm == 0) {
        addPath(path);
        popVertex(path);
        continue;
      }
      framePush(<u32>root, <u32>edges, <u32>j, 0);
      root = next;
      edges = ne;
      j = 0;
      m = nm;
      continue;
    }
    popVertex(path);
    if (framesTop() == mark) break;
    let f = framePop();
    root = <usize>load<u32>(f);
    edges = <usize>load<u32>(f, 4);
    j = <usize>load<u32>(f, 8);
    m = count(edges);
  }
}

// @ts-ignore: decorator
@inline function popVertex(path: usize): void {
  store<u32>(path, <u32>(arrLen(path) - 1), 4);
}

export function vg_builtin_graph_reachable_paths(graph: usize, initial: usize): usize {
  if (graph == 0 || initial == 0) return 0;
  if (!graphArgsOk("graph.reachable_paths", graph, initial)) return 0;
  let savedOut = pathsOut;
  let savedGraph = pathsGraph;
  pathsOut = collNew(T_SET, 8);
  pathsGraph = graph;
  let n = count(initial);
  for (let i: usize = 0; i < n; i++) {
    let node = at(initial, i);
    let edges = collGet(graph, node);
    if (edges == 0) continue;
    let m = isColl(edges) ? count(edges) : 0;
    let path = arrayNew(8);
    arrayAppend(path, node);
    if (m == 0) {
      addPath(path);
      continue;
    }
    for (let j: usize = 0; j < m; j++) {
      let seen = collNew(T_SET, 4);
      collAppend(seen, node, node);
      buildPaths(at(edges, j), path, seen);
    }
  }
  let r = pathsOut;
  pathsOut = savedOut;
  pathsGraph = savedGraph;
  return r;
}
