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
import { deepEnter, deepLeave } from "../rt/frames";

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

/** OPA's Object.Filter: a null tree keeps the value, an object tree keeps what it names. */
function filterValue(v: usize, tree: usize): usize {
  deepEnter();
  let r = filterValueLevel(v, tree);
  deepLeave();
  return r;
}

function filterValueLevel(v: usize, tree: usize): usize {
  if (tagOf(tree) == T_NULL) return v;
  switch (tagOf(v)) {
    case T_ARRAY: {
      let n = arrLen(v);
      let r = arrayNew(4);
      for (let i: usize = 0; i < n; i++) {
        let sub = indexChild(tree, i);
        if (sub != 0) arrayAppend(r, filterValue(arrAt(v, i), sub));
      }
      return r;
    }
    case T_SET: {
      let n = collCount(v);
      let r = collNew(T_SET, 4);
      for (let i: usize = 0; i < n; i++) {
        let el = entryKey(v, i);
        let sub = collGet(tree, el);
        if (sub == 0) continue;
        let f = filterValue(el, sub);
        if (collFind(r, f) < 0) collAppend(r, f, f);
      }
      return r;
    }
    case T_OBJECT: {
      let r = collNew(T_OBJECT, 4);
      // Walk the smaller of object and tree, probe the other.
      if (collCount(tree) < collCount(v)) {
        let n = collCount(tree);
        for (let i: usize = 0; i < n; i++) {
          let e = collFind(v, entryKey(tree, i));
          if (e >= 0) collAppend(r, entryKey(v, <usize>e), filterValue(entryValue(v, <usize>e), entryValue(tree, i)));
        }
      } else {
        let n = collCount(v);
        for (let i: usize = 0; i < n; i++) {
          let sub = collGet(tree, entryKey(v, i));
          if (sub != 0) collAppend(r, entryKey(v, i), filterValue(entryValue(v, i), sub));
        }
      }
      return r;
    }
  }
  return v;
}

export function vg_builtin_json_filter(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("json.filter", 1, "object", obj);
  let tree = pathTree("json.filter", paths);
  if (tree == 0) return 0;
  return filterValue(obj, tree);
}

// --- json.remove -----------------------------------------------------------------------------------------

/** The value without the tree's leaves; 0 when the value itself is removed. */
function removeValue(v: usize, tree: usize): usize {
  deepEnter();
  let r = removeValueLevel(v, tree);
  deepLeave();
  return r;
}

function removeValueLevel(v: usize, tree: usize): usize {
  if (tree == 0) return v;
  let tt = tagOf(tree);
  if (tt == T_NULL) return 0;
  if (tt != T_OBJECT) return v;
  switch (tagOf(v)) {
    case T_ARRAY: {
      let n = arrLen(v);
      let r = arrayNew(n);
      for (let i: usize = 0; i < n; i++) {
        let x = removeValue(arrAt(v, i), indexChild(tree, i));
        if (x != 0) arrayAppend(r, x); // later elements shift left
      }
      return r;
    }
    case T_SET: {
      let n = collCount(v);
      let r = collNew(T_SET, 4);
      for (let i: usize = 0; i < n; i++) {
        let el = entryKey(v, i);
        let x = removeValue(el, collGet(tree, el));
        if (x != 0 && collFind(r, x) < 0) collAppend(r, x, x);
      }
      return r;
    }
    case T_OBJECT: {
      let n = collCount(v);
      let r = collNew(T_OBJECT, n < 4 ? 4 : n);
      for (let i: usize = 0; i < n; i++) {
        let k = entryKey(v, i);
        let x = removeValue(entryValue(v, i), collGet(tree, k));
        if (x != 0) collAppend(r, k, x);
      }
      return r;
    }
  }
  return v;
}

export function vg_builtin_json_remove(obj: usize, paths: usize): usize {
  if (obj == 0 || paths == 0) return 0;
  if (tagOf(obj) != T_OBJECT) return operandError("json.remove", 1, "object", obj);
  let tree = pathTree("json.remove", paths);
  if (tree == 0) return 0;
  return removeValue(obj, tree);
}
