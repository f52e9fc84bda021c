// json.filter and json.remove. Both read their paths ("a/b/0" JSON-pointer-like strings, or
// arrays of segments) into a tree of objects whose leaves are null, then walk the document and the
// tree together: filter keeps what the tree names, remove drops its leaves. Array positions are
// looked up in the tree by their decimal text, as OPA does ("a/0/b").
import { T_NULL, T_STRING, T_ARRAY, T_OBJECT, T_SET, tagOf, typeNameOf, arrLen, arrAt, strLen, strData } from "../values/layout";
import { NULL_V, stringCopy, stringRef } from "../values/scalars";
import { arrayNew, arrayAppend } from "../values/array";
import { collNew, collCount, collFind, collGet, collAppend, setEntryValue, entryKey, entryValue } from "../values/collection";
import { CODE_TYPE, msgStr, failBuiltin } from "../abort";
import { operandError } from "./errors";
import { failBegin } from "./fail";
import { framePush, framePop, framesTop } from "../rt/frames";

// --- the path tree ------------------------------------------------------------------------------------

/** Segments of a "/"-separated path: leading slashes dropped, ~1 → "/", ~0 → "~"; "" has none. */
function splitPath(s: usize): usize {
  let segs = arrayNew(4);
  let p = strData(s);
  let end = p + strLen(s);
  if (p == end) return segs;
  while (p < end && load<u8>(p) == 0x2F) p++;
  let start = p;
  while (true) {
    if (p == end || load<u8>(p) == 0x2F) {
      arrayAppend(segs, unescapeSegment(start, p - start));
      if (p == end) break;
      start = p + 1;
    }
    p++;
  }
  return segs;
}

function unescapeSegment(p: usize, n: usize): usize {
  let tilde = false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 0x7E) tilde = true;
  if (!tilde) return stringRef(p, n); // the path string is immutable: point into it
  // "~1" first, then "~0" (so "~01" becomes "~1", as two passes of ReplaceAll give).
  let tmp = stringCopy(p, n);
  let q = strData(tmp);
  let len = replacePair(q, n, 0x31, 0x2F);
  len = replacePair(q, len, 0x30, 0x7E);
  store<u32>(tmp, <u32>len, 4);
  return tmp;
}

/** In place: every "~<code>" becomes <by>; returns the new length. */
function replacePair(q: usize, n: usize, code: u8, by: u8): usize {
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(q + i);
    if (c == 0x7E && i + 1 < n && load<u8>(q + i + 1) == code) {
      store<u8>(q + o++, by);
      i++;
    } else {
      store<u8>(q + o++, c);
    }
  }
  return o;
}

/** Adds one path (array of segments) to the tree; a null on the way means "everything below". */
function addToTree(root: usize, segs: usize): void {
  let n = arrLen(segs);
  if (n == 0) return;
  let node = root;
  for (let i: usize = 0; i + 1 < n; i++) {
    let k = arrAt(segs, i);
    let child = collGet(node, k);
    if (child == 0) {
      let o = collNew(T_OBJECT, 4);
      collAppend(node, k, o);
      node = o;
    } else if (tagOf(child) == T_NULL) {
      return;
    } else {
      node = child;
    }
  }
  let last = arrAt(segs, n - 1);
  let e = collFind(node, last);
  if (e < 0) collAppend(node, last, NULL_V);
  else setEntryValue(node, <usize>e, NULL_V);
}

/** The path tree of the paths operand; 0 after reporting a type error. */
function pathTree(name: string, paths: usize): usize {
  let t = tagOf(paths);
  if (t != T_ARRAY && t != T_SET) return operandError(name, 2, "one of {set, array}", paths);
  let n = t == T_ARRAY ? arrLen(paths) : collCount(paths);
  let root = collNew(T_OBJECT, 4);
  for (let i: usize = 0; i < n; i++) {
    let p = t == T_ARRAY ? arrAt(paths, i) : entryKey(paths, i);
    let pt = tagOf(p);
    if (pt == T_STRING) addToTree(root, splitPath(p));
    else if (pt == T_ARRAY) addToTree(root, p);
    else {
      failBegin(CODE_TYPE, name);
      msgStr("operand 2 must be one of {set, array} containing string paths or array of path segments but got ");
      msgStr(typeNameOf(p));
      return failBuiltin();
    }
  }
  return root;
}

// --- index keys of arrays ------------------------------------------------------------------------------

const digits: usize = memory.data(24);

/** The tree's entry for array index i (keys are the index's decimal text). */
function indexChild(tree: usize, i: usize): usize {
  let n: usize = 0;
  let x = i;
  do {
    n++;
    x /= 10;
  } while (x != 0);
  x = i;
  for (let k = n; k > 0; k--) {
    store<u8>(digits + k - 1, <u8>(0x30 + x % 10));
    x /= 10;
  }
  let key = stringRef(digits, n); // only used for this lookup
  return collGet(tree, key);
}

// --- json.filter -----------------------------------------------------------------------------------------
//
// Both walks are iterative: the collection being rebuilt is in locals (v, its tree, its result r under
// construction, next slot i); a composite child the tree reaches into suspends it on the frame stack
// ([v][tree][r][i]) and is attached to r when done, so any nesting depth runs in constant wasm stack.

// @ts-ignore: decorator
@inline function isComposite(v: usize): bool {
  let t = tagOf(v);
  return t == T_ARRAY || t == T_OBJECT || t == T_SET;
}

/** Adds a finished child x to the result r of a collection of type t (key: its object key). */
// @ts-ignore: decorator
@inline function attach(r: usize, t: u8, key: usize, x: usize): void {
  if (t == T_ARRAY) arrayAppend(r, x);
  else if (t == T_SET) {
    if (collFind(r, x) < 0) collAppend(r, x, x);
  } else collAppend(r, key, x);
}

/** Filtering an object walks the smaller of object and tree and probes the other. */
// @ts-ignore: decorator
@inline function treeSmaller(v: usize, tree: usize): bool {
  return collCount(tree) < collCount(v);
}

function filterLen(v: usize, tree: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_SET) return collCount(v);
  return treeSmaller(v, tree) ? collCount(tree) : collCount(v);
}

/** The key of object slot i of a filter walk (the object's own key). */
function filterKey(v: usize, tree: usize, i: usize): usize {
  return treeSmaller(v, tree) ? entryKey(v, <usize>collFind(v, entryKey(tree, i))) : entryKey(v, i);
}

// @ts-ignore: decorator
@inline function emptyLike(v: usize, n: usize): usize {
  let t = tagOf(v);
  if (t == T_ARRAY) return arrayNew(n < 4 ? 4 : n);
  return collNew(t, n < 4 ? 4 : n);
}

/** OPA's Object.Filter: a null tree keeps the value, an object tree keeps what it names. */
function filterValue(root: usize, rootTree: usize): usize {
  if (tagOf(rootTree) == T_NULL || !isComposite(root)) return root;
  let mark = framesTop();
  let v = root;
  let tree = rootTree;
  let r = emptyLike(v, 4);
  let i: usize = 0;
  let n = filterLen(v, tree);
  while (true) {
    if (i < n) {
      let t = tagOf(v);
      let c: usize = 0;
      let sub: usize = 0;
      let key: usize = 0;
      if (t == T_ARRAY) {
        sub = indexChild(tree, i);
        c = arrAt(v, i);
      } else if (t == T_SET) {
        c = entryKey(v, i);
        sub = collGet(tree, c);
      } else if (treeSmaller(v, tree)) {
        let e = collFind(v, entryKey(tree, i));
        if (e >= 0) {
          key = entryKey(v, <usize>e);
          c = entryValue(v, <usize>e);
          sub = entryValue(tree, i);
        }
      } else {
        key = entryKey(v, i);
        c = entryValue(v, i);
        sub = collGet(tree, key);
      }
      i++;
      if (sub == 0) continue;
      if (tagOf(sub) == T_NULL || !isComposite(c)) {
        attach(r, t, key, c);
        continue;
      }
      framePush(<u32>v, <u32>tree, <u32>r, <u32>i);
      v = c;
      tree = sub;
      r = emptyLike(v, 4);
      i = 0;
      n = filterLen(v, tree);
      continue;
    }
    if (framesTop() == mark) return r;
    let x = r;
    let f = framePop();
    v = <usize>load<u32>(f);
    tree = <usize>load<u32>(f, 4);
    r = <usize>load<u32>(f, 8);
    i = <usize>load<u32>(f, 12);
    n = filterLen(v, tree);
    let t = tagOf(v);
    attach(r, t, t == T_OBJECT ? filterKey(v, tree, i - 1) : 0, x);
  }
}

export function vg_builtin_json_filter(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("json.filter", 1, "object", obj);
  let tree = pathTree("json.filter", paths);
  if (tree == 0) return 0;
  return filterValue(obj, tree);
}

// --- json.remove -----------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function lenOf(v: usize): usize {
  return tagOf(v) == T_ARRAY ? arrLen(v) : collCount(v);
}

/** The value without the tree's leaves; 0 when the value itself is removed. */
function removeValue(root: usize, rootTree: usize): usize {
  if (rootTree == 0) return root;
  let rt = tagOf(rootTree);
  if (rt == T_NULL) return 0;
  if (rt != T_OBJECT || !isComposite(root)) return root;
  let mark = framesTop();
  let v = root;
  let tree = rootTree;
  let n = lenOf(v);
  let r = emptyLike(v, n);
  let i: usize = 0;
  while (true) {
    if (i < n) {
      let t = tagOf(v);
      let c: usize;
      let sub: usize;
      let key: usize = 0;
      if (t == T_ARRAY) {
        c = arrAt(v, i);
        sub = indexChild(tree, i);
      } else if (t == T_SET) {
        c = entryKey(v, i);
        sub = collGet(tree, c);
      } else {
        key = entryKey(v, i);
        c = entryValue(v, i);
        sub = collGet(tree, key);
      }
      i++;
      if (sub != 0) {
        let st = tagOf(sub);
        if (st == T_NULL) continue; // removed (later array elements shift left)
        if (st == T_OBJECT && isComposite(c)) {
          framePush(<u32>v, <u32>tree, <u32>r, <u32>i);
          v = c;
          tree = sub;
          n = lenOf(v);
          r = emptyLike(v, n);
          i = 0;
          continue;
        }
      }
      attach(r, t, key, c);
      continue;
    }
    if (framesTop() == mark) return r;
    let x = r;
    let f = framePop();
    v = <usize>load<u32>(f);
    tree = <usize>load<u32>(f, 4);
    r = <usize>load<u32>(f, 8);
    i = <usize>load<u32>(f, 12);
    n = lenOf(v);
    let t = tagOf(v);
    attach(r, t, t == T_OBJECT ? entryKey(v, i - 1) : 0, x);
  }
}

export function vg_builtin_json_remove(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("json.remove", 1, "object", obj);
  let tree = pathTree("json.remove", paths);
  if (tree == 0) return 0;
  return removeValue(obj, tree);
}
